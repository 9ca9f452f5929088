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
  /** A new logo on the partner's claim, confirmed by alliance, where the agreements cannot tell. */
  kickerNewLogo: 'KICKER_NEW_LOGO',
  /** A new logo the customer's agreements tell: none for the product starts before this one. */
  kickerNewLogoFirstAgreement: 'KICKER_NEW_LOGO_FIRST_AGREEMENT',
  kickerLegacyMigration: 'KICKER_LEGACY_MIGRATION',
  kickerCompetency: 'KICKER_COMPETENCY_BONUS',
  reversal: 'REVERSAL',
} as const;
