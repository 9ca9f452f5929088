/**
 * Stable identifiers of the rule behind every credit line. They are stored
 * beside each credit, so renaming one breaks reports: add, never rename.
 */
export const RULE_IDS = {
  channelReseller: 'CHANNEL_RESELLER_SOURCED',
  channelInfluencer: 'CHANNEL_REGISTRATION_INFLUENCED',
  sourcedRegistration: 'REGISTRATION_SOURCED',
  influencedRegistration: 'REGISTRATION_INFLUENCED',
  splitOverride: 'SALES_OPS_SPLIT',
  kickerNewLogo: 'KICKER_NEW_LOGO',
  kickerLegacyMigration: 'KICKER_LEGACY_MIGRATION',
  kickerCompetency: 'KICKER_COMPETENCY_BONUS',
  reversal: 'REVERSAL',
} as const;
