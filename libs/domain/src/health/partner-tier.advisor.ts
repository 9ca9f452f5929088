import type { PartnerFact } from '../attribution/attribution.types';
import { formatMinor } from '../money/minor.formatter';
import { certificationCoverage } from './certification-coverage.calculator';

export type PartnerTier = 'REGISTERED' | 'SELECT' | 'ADVANCED' | 'PREMIER';

export interface TierRequirement {
  tier: Exclude<PartnerTier, 'REGISTERED'>;
  salesCertifications: number;
  technicalCertifications: number;
  competencies: number;
  /** Trailing twelve months of Partner-Attributed Revenue, in USD cents. */
  trailingParMinor: bigint;
}

/**
 * The product's default ladder, lowest first. These are this product's
 * suggestions for the alliance team, not a cloud's official programme
 * thresholds, so they are data the caller can replace.
 */
export const DEFAULT_TIER_LADDER: readonly TierRequirement[] = [
  { tier: 'SELECT', salesCertifications: 1, technicalCertifications: 1, competencies: 0, trailingParMinor: 0n },
  { tier: 'ADVANCED', salesCertifications: 2, technicalCertifications: 4, competencies: 1, trailingParMinor: 25_000_000n },
  { tier: 'PREMIER', salesCertifications: 4, technicalCertifications: 10, competencies: 2, trailingParMinor: 100_000_000n },
];

export interface TierSuggestion {
  tier: PartnerTier;
  /** Why the partner reaches the suggested tier. */
  reasons: string[];
  /** What is missing for the next tier up (empty at the top). */
  missingForNext: string[];
}

/**
 * Suggests the highest tier whose every requirement the partner meets at the
 * date, climbing the ladder in order (a tier needs the ones below it).
 * Certifications count only while unexpired.
 */
export function suggestTier(
  partner: PartnerFact,
  trailingParMinor: bigint,
  at: Date,
  ladder: readonly TierRequirement[] = DEFAULT_TIER_LADDER,
): TierSuggestion {
  const coverage = certificationCoverage(partner, at);
  const held = {
    sales: coverage.salesValid,
    technical: coverage.technicalValid,
    competencies: new Set(partner.competencies).size,
  };
  let tier: PartnerTier = 'REGISTERED';
  let reasons = ['registered partner'];
  for (const step of ladder) {
    const gaps = [
      held.sales < step.salesCertifications && `${step.salesCertifications - held.sales} more valid sales certification(s)`,
      held.technical < step.technicalCertifications &&
        `${step.technicalCertifications - held.technical} more valid technical certification(s)`,
      held.competencies < step.competencies && `${step.competencies - held.competencies} more competency(ies)`,
      trailingParMinor < step.trailingParMinor &&
        `${formatMinor(step.trailingParMinor - trailingParMinor, 'USD', { withCode: true })} more trailing PAR`,
    ].filter((gap): gap is string => typeof gap === 'string');
    if (gaps.length > 0) return { tier, reasons, missingForNext: gaps.map((gap) => `${step.tier}: ${gap}`) };
    tier = step.tier;
    reasons = [
      `${held.sales} valid sales and ${held.technical} valid technical certification(s) (needs ${step.salesCertifications} and ${step.technicalCertifications})`,
      `${held.competencies} competency(ies) (needs ${step.competencies})`,
      `trailing PAR ${formatMinor(trailingParMinor, 'USD', { withCode: true })} (needs ${formatMinor(step.trailingParMinor, 'USD', { withCode: true })})`,
    ];
  }
  return { tier, reasons, missingForNext: [] };
}
