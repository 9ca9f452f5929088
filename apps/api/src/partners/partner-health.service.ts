import { Injectable } from '@nestjs/common';
import {
  certificationCoverage,
  partnerRevenueByPeriod,
  registrationPerformance,
  suggestTier,
  type PeriodGranularity,
} from '@bridge/domain';
import { presentAmount } from '../http/money.presenter';
import { PartnerHealthRepository } from './partner-health.repository';

/**
 * How healthy a partner relationship is: Partner-Attributed (sourced) and
 * Partner-Influenced Revenue per period, how registrations convert and how
 * fast, certification coverage, and the tier its record would earn.
 */
@Injectable()
export class PartnerHealthService {
  constructor(private readonly repository: PartnerHealthRepository) {}

  async health(partnerId: string, granularity: PeriodGranularity, asOf: Date) {
    const facts = await this.repository.facts(partnerId, asOf);
    if (!facts) return null;
    // Each month of the rollup stands for its lines: periods are whole months, so their sums are the ledger's.
    const months = facts.months.map((m) => ({
      partnerId,
      engagement: m.engagement,
      shareBps: 0,
      amountMinor: m.amountMinor,
      reason: '',
      ruleId: '',
      occurredAt: m.month,
      currency: m.currency,
    }));
    const revenue = partnerRevenueByPeriod(months, granularity);
    const registrations = facts.registrations;
    // A registration is won when its partner is first credited for that customer after registering.
    const firstCredit = new Map(facts.firstCreditPerCustomer.map((r) => [r.customerId, r.firstAt]));
    const wins = registrations
      .filter((r) => r.status !== 'REJECTED' && firstCredit.has(r.customerId) && firstCredit.get(r.customerId)! >= r.registeredAt)
      .map((r) => ({ registrationId: r.id, wonAt: firstCredit.get(r.customerId)! }));
    const performance = registrationPerformance(registrations, wins, asOf);
    const partnerFact = {
      id: partnerId,
      competencies: facts.competencies,
      certifications: facts.certifications,
    };
    const trailingPar = facts.trailingParMinor;
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
