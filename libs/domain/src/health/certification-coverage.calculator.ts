import type { PartnerFact } from '../attribution/attribution.types';
import { FULL_BPS } from '../money/bps.allocator';

export interface CertificationCoverage {
  salesValid: number;
  technicalValid: number;
  /** At least one valid sales and one valid technical certification. */
  covered: boolean;
  /** The earliest expiry among the valid certifications: the next date coverage may drop. */
  nextExpiry: Date | null;
}

/** A certification counts while `at` is before its expiry; an expired one is history, not coverage. */
export function certificationCoverage(partner: PartnerFact, at: Date): CertificationCoverage {
  const valid = partner.certifications.filter((c) => at.getTime() < c.expiresAt.getTime());
  const salesValid = valid.filter((c) => c.kind === 'SALES').length;
  const technicalValid = valid.filter((c) => c.kind === 'TECHNICAL').length;
  const nextExpiry = valid.reduce<Date | null>((next, c) => (next === null || c.expiresAt < next ? c.expiresAt : next), null);
  return { salesValid, technicalValid, covered: salesValid > 0 && technicalValid > 0, nextExpiry };
}

/** How many of the partners are covered at a date, and that share in bps (rounded to the nearest). */
export function coverageAcross(partners: readonly PartnerFact[], at: Date): { covered: number; total: number; coveredBps: number } {
  const covered = partners.filter((p) => certificationCoverage(p, at).covered).length;
  const total = partners.length;
  return { covered, total, coveredBps: total === 0 ? 0 : Math.round((covered * FULL_BPS) / total) };
}
