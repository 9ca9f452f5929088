import { assertBpsShares, FULL_BPS } from '../money/bps.allocator';
import type { Engagement } from '../attribution/attribution.types';

/**
 * Who keeps a strategic (named) account's revenue when a partner also holds a
 * registration on it. DIRECT: direct sales keep it. PARTNER: the usual rules
 * apply. MANUAL: the decision is held and reported to sales ops.
 */
export type StrategicAccountPolicy = 'DIRECT' | 'PARTNER' | 'MANUAL';

/**
 * A split sales ops decided for one customer (and listing), usually to settle a
 * conflict. It wins over every other rule while valid, so the resolution of a
 * conflict is data the rules replay, not a hand edit of credits.
 */
export interface SplitOverride {
  id: string;
  customerId: string;
  /** null = all of the customer's listings. */
  listingId: string | null;
  validFrom: Date;
  /** Exclusive end; null = until replaced. */
  validUntil: Date | null;
  /** An empty list means "direct sales keep it". */
  shares: readonly { partnerId: string; engagement: Engagement; bps: number }[];
  /** Sales ops' own words, copied into every credit line it produces. */
  reason: string;
}

export interface KickerRules {
  /** Extra payout, in bps of the revenue, for bringing a customer who never bought before. */
  newLogoBps: number;
  /** Extra payout, in bps of the revenue, for moving a legacy workload onto the cloud. */
  legacyMigrationBps: number;
  /** Extra payout for holding a competency; a partner with several gets the single best one. */
  competencyBonuses: readonly { competency: string; bps: number }[];
  /** Which credited partners earn kickers (by default the sourcing partner only). */
  engagements: readonly Engagement[];
}

export interface EngagementRules {
  /** A sourcing partner alone on the deal. */
  sourcedAloneBps: number;
  /** Influencing partner(s) alone on the deal (shared equally among them). */
  influencedAloneBps: number;
  /** A sourcing partner and influencing partner(s) together; must not exceed 100%. */
  sourcedWithInfluenced: { sourcedBps: number; influencedBps: number };
  /** How many influencing partners share the influenced pool, earliest approved first. */
  maxInfluencedPartners: number;
  /** Share of a channel offer an approved registration by another partner earns (the reseller keeps the rest). */
  channelInfluencedBps: number;
  strategicAccounts: StrategicAccountPolicy;
  kickers: KickerRules;
  splitOverrides: readonly SplitOverride[];
}

/**
 * The defaults: sourced 100% alone or 70/30 with one influencer, first
 * approved wins, the reseller of a channel offer keeps it all, strategic
 * accounts stay direct, new logo +5%, legacy migration +2.5% to the sourcing
 * partner, no competency bonus until the alliance team names competencies.
 */
export const DEFAULT_ENGAGEMENT_RULES: EngagementRules = Object.freeze({
  sourcedAloneBps: FULL_BPS,
  influencedAloneBps: FULL_BPS,
  sourcedWithInfluenced: { sourcedBps: 7000, influencedBps: 3000 },
  maxInfluencedPartners: 1,
  channelInfluencedBps: 0,
  strategicAccounts: 'DIRECT',
  kickers: { newLogoBps: 500, legacyMigrationBps: 250, competencyBonuses: [], engagements: ['SOURCED'] },
  splitOverrides: [],
}) as EngagementRules;

/** Builds rules from the defaults plus the settings that differ. */
export function engagementRules(overrides: Partial<EngagementRules> = {}): EngagementRules {
  const rules = {
    ...DEFAULT_ENGAGEMENT_RULES,
    ...overrides,
    kickers: { ...DEFAULT_ENGAGEMENT_RULES.kickers, ...overrides.kickers },
  };
  validateEngagementRules(rules);
  return rules;
}

/** A misconfigured split would credit more than the revenue; refuse it before any credit is written. */
export function validateEngagementRules(rules: EngagementRules): void {
  assertBpsShares([{ bps: rules.sourcedAloneBps }], 'sourcedAloneBps');
  assertBpsShares([{ bps: rules.influencedAloneBps }], 'influencedAloneBps');
  assertBpsShares(
    [{ bps: rules.sourcedWithInfluenced.sourcedBps }, { bps: rules.sourcedWithInfluenced.influencedBps }],
    'sourcedWithInfluenced',
  );
  assertBpsShares([{ bps: rules.channelInfluencedBps }], 'channelInfluencedBps');
  if (!Number.isInteger(rules.maxInfluencedPartners) || rules.maxInfluencedPartners < 0) {
    throw new RangeError('maxInfluencedPartners must be a whole number, 0 or more');
  }
  const kickerBps = [rules.kickers.newLogoBps, rules.kickers.legacyMigrationBps, ...rules.kickers.competencyBonuses.map((c) => c.bps)];
  for (const bps of kickerBps) assertBpsShares([{ bps }], 'kicker');
  for (const split of rules.splitOverrides) {
    assertBpsShares(split.shares, `split override ${split.id}`);
    const partners = new Set(split.shares.map((share) => share.partnerId));
    if (partners.size !== split.shares.length) throw new RangeError(`split override ${split.id} names a partner twice`);
  }
}
