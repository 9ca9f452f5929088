/**
 * The facts the credit rules read and the decision they write. Plain data, no
 * database types: the attribution-bridge maps its rows into these, so the
 * rules can be tested (and replayed for an audit) without PostgreSQL.
 */
export type Engagement = 'SOURCED' | 'INFLUENCED';
export type Cloud = 'AWS' | 'AZURE' | 'GCP';
export type RevenueKind = 'PURCHASE' | 'AMENDMENT' | 'CANCELLATION' | 'USAGE' | 'REFUND';
export type KickerKind = 'NEW_LOGO' | 'LEGACY_MIGRATION' | 'COMPETENCY_BONUS';
/**
 * AGREEMENTS: the customer's agreements told that a purchase is a new logo, with or without a claim.
 * CLAIM: they could not tell, and the partner's claim, confirmed by alliance, was taken.
 */
export type NewLogoBasis = 'AGREEMENTS' | 'CLAIM';

export interface RevenueFact {
  kind: RevenueKind;
  cloud: Cloud;
  /** The business key of the revenue, e.g. the agreement id or the usage hour key. */
  sourceRef: string;
  customerId: string | null;
  listingId: string | null;
  /** Pre-tax revenue in minor units; negative for a cancellation or refund. */
  amountMinor: bigint;
  currency: string;
  occurredAt: Date;
  /** The reseller of a channel offer (AWS CPPO resale authorization / Azure MPO); null for a direct sale. */
  resellerPartnerId: string | null;
  /** A named account that direct sales owns by default. */
  customerIsStrategic?: boolean;
  isNewLogo?: boolean;
  /** Why it is a new logo, and whether the agreements or a confirmed claim told (see new-logo.rule.ts). */
  newLogo?: { basis: NewLogoBasis; reason: string };
  isLegacyMigration?: boolean;
}

export interface RegistrationFact {
  id: string;
  partnerId: string;
  customerId: string;
  /** null = the registration covers all of the ISV's products. */
  listingId: string | null;
  engagement: Engagement;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED';
  registeredAt: Date;
  /** When sales ops approved (or rejected) it; an approval counts from this instant. */
  decidedAt: Date | null;
  /** The registration protects the deal up to, not including, this instant. */
  expiresAt: Date;
}

export interface PartnerFact {
  id: string;
  competencies: string[];
  certifications: { kind: 'SALES' | 'TECHNICAL'; expiresAt: Date }[];
}

export interface CreditLine {
  partnerId: string;
  engagement: Engagement;
  /** Share of the revenue in basis points; kickers are on top of the (at most 100%) split. */
  shareBps: number;
  amountMinor: bigint;
  reason: string;
  /** Which rule produced the line, stable for reports and audits (see attribution.rule-ids.ts). */
  ruleId: string;
  kicker?: KickerKind;
}

export interface AttributionConflict {
  partnerIds: string[];
  reason: string;
}

export interface AttributionDecision {
  credits: CreditLine[];
  /**
   * PARTNER: at least one partner is credited. DIRECT: the ISV's own sales
   * keep the revenue. NONE: no decision yet, the conflicts wait for sales ops.
   */
  winner: 'PARTNER' | 'DIRECT' | 'NONE';
  reason: string;
  conflicts: AttributionConflict[];
}
