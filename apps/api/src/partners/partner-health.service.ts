import { Injectable } from '@nestjs/common';
import {
  certificationCoverage,
  partnerRevenueByPeriod,
  registrationPerformance,
  suggestTier,
  type CreditLine,
  type PeriodGranularity,
} from '@bridge/domain';
import { presentAmount } from '../http/money.presenter';
import { PartnerHealthRepository } from './partner-health.repository';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * How healthy a partner relationship is: Partner-Attributed (sourced) and
 * Partner-Influenced Revenue per period, how registrations convert and how
 * fast, certification coverage, and the tier its record would earn.
 */
@Injectable()
export class PartnerHealthService {
  constructor(private readonly repository: PartnerHealthRepository) {}

  async health(partnerId: string, granularity: PeriodGranularity, asOf: Date) {
    const facts = await this.repository.facts(partnerId);
    if (!facts.partner) return null;
    const lines = facts.credits.map((c) => ({ ...c, kicker: (c.kicker ?? undefined) as CreditLine['kicker'] }));
    const revenue = partnerRevenueByPeriod(lines, granularity);
    const registrations = facts.registrations.map((r) => ({ ...r }));
    // A registration is won when its partner is first credited for that customer after registering.
    const firstCredit = new Map(facts.firstCreditPerCustomer.map((r) => [r.customer_id, r.first_at]));
    const wins = registrations
      .filter((r) => r.status !== 'REJECTED' && firstCredit.has(r.customerId) && firstCredit.get(r.customerId)! >= r.registeredAt)
      .map((r) => ({ registrationId: r.id, wonAt: firstCredit.get(r.customerId)! }));
    const performance = registrationPerformance(registrations, wins, asOf);
    const partnerFact = {
      id: partnerId,
      competencies: facts.competencies.map((c) => c.name),
      certifications: facts.certifications.map((c) => ({ kind: c.kind, expiresAt: c.expiresAt })),
    };
    const trailingPar = lines
      .filter(
        (l) =>
          !l.kicker &&
          l.engagement === 'SOURCED' &&
          l.currency === 'USD' &&
          l.occurredAt.getTime() > asOf.getTime() - YEAR_MS &&
          l.occurredAt <= asOf,
      )
      .reduce((sum, l) => sum + l.amountMinor, 0n);
    return {
      partner: facts.partner,
      asOf: asOf.toISOString(),
      revenue: revenue.map((r) => ({
        period: r.period,
        par: presentAmount(r.parMinor, r.currency),
        pir: presentAmount(r.pirMinor, r.currency),
      })),
      registrations: performance,
      certifications: certificationCoverage(partnerFact, asOf),
      competencies: partnerFact.competencies,
      tierSuggestion: { currentTier: facts.partner.tier, ...suggestTier(partnerFact, trailingPar, asOf) },
    };
  }
}
