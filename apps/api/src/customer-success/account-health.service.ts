import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import {
  accountRiskSignals,
  activeDimensions,
  burndownSeries,
  DEFAULT_RISK_SETTINGS,
  usageAgainstContractBps,
  usageAgainstIncluded,
  weeklyUsage,
  type RiskSettings,
  type UsageHourFact,
} from '@bridge/domain';
import { pageOf, type PageInfo, type PageRequest } from '@bridge/pagination';
import { presentAmount } from '../http/money.presenter';
import { ACCOUNTS_ORDER, AccountFactsRepository } from './account-facts.repository';

const TREND_WEEKS = 8;

type Account = Awaited<ReturnType<AccountHealthService['accounts']>>[number];
const DAY_MS = 86_400_000;

const groupBy = <T extends { customer_id: string }>(rows: T[]) => {
  const by = new Map<string, T[]>();
  for (const row of rows) by.set(row.customer_id, [...(by.get(row.customer_id) ?? []), row]);
  return by;
};

/**
 * Adoption, risk signals and renewals of partner-led accounts, from the same
 * data the ledger and metering keep, so a partner and the vendor's customer
 * success team work the same list. The rules are libs/domain's
 * customer-success; the usage threshold is CS_USAGE_DROP_PERCENT.
 */
@Injectable()
export class AccountHealthService {
  private readonly settings: RiskSettings;

  constructor(
    private readonly facts: AccountFactsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = { ...DEFAULT_RISK_SETTINGS, usageDropPercent: config.CS_USAGE_DROP_PERCENT };
  }

  influencedCustomers(partnerId: string | null) {
    return this.facts.influencedCustomers(partnerId);
  }

  /**
   * One page of partner-led accounts (a partner's, or every one for null). With
   * `atRisk` the risk is judged per account as it is read, so chunks are read
   * until the page is full or the accounts run out: a page is never short
   * while more matching accounts follow.
   */
  async page(partnerId: string | null, request: PageRequest, atRisk?: boolean): Promise<{ rows: Account[]; page: PageInfo }> {
    const kept: Account[] = [];
    let cursor = request.cursor;
    for (;;) {
      const ids = await this.facts.influencedPage(partnerId, cursor, request.limit + 1);
      const accounts = await this.accounts(ids);
      kept.push(...accounts.filter((a) => atRisk === undefined || a.atRisk === atRisk));
      const last = accounts[accounts.length - 1];
      if (kept.length > request.limit || ids.length <= request.limit || !last) break;
      cursor = [last.name, last.customerId];
    }
    return pageOf(ACCOUNTS_ORDER.list, ACCOUNTS_ORDER.keys, kept.slice(0, request.limit + 1), request.limit, (a) => [a.name, a.customerId]);
  }

  async accounts(ids: string[], asOf = new Date()) {
    if (ids.length === 0) return [];
    const since = new Date(asOf.getTime() - Math.max(TREND_WEEKS * 7, 4 * this.settings.windowDays) * DAY_MS);
    const [customers, influencers, usage, subscriptions, agreements, commitments, included] = await Promise.all([
      this.facts.customers(ids),
      this.facts.influencers(ids).then(groupBy),
      this.facts.usage(ids, since).then(groupBy),
      this.facts.subscriptions(ids).then(groupBy),
      this.facts.agreements(ids).then(groupBy),
      this.facts.commitments(ids),
      this.facts.includedUsage(ids).then(groupBy),
    ]);
    return customers.map((customer) => {
      const hours: UsageHourFact[] = (usage.get(customer.id) ?? []).map((h) => ({
        dimension: h.dimension,
        hour: h.hour,
        quantity: h.quantity,
        valueMinor: h.value_minor,
      }));
      const ownAgreements = agreements.get(customer.id) ?? [];
      const live = ownAgreements.filter((a) => a.status === 'ACTIVE');
      const currencies = [...new Set(live.map((a) => a.currency))];
      const contractMinor = live.reduce((sum, a) => sum + a.value_minor, 0n);
      const trend = weeklyUsage(hours, asOf, TREND_WEEKS);
      const usageValueMinor = trend.reduce((sum, w) => sum + w.valueMinor, 0n);
      const ownCommitments = commitments
        .filter((c) => c.customerId === customer.id)
        .map((c) => {
          const burndown = burndownSeries(
            c.drawdowns.map((d) => ({ at: d.invoiceDate, drawnMinor: d.drawnMinor, partnerId: d.partnerId })),
            c,
            asOf,
          );
          return { id: c.id, kind: c.kind, startsAt: c.startsAt, endsAt: c.endsAt, onTrack: burndown.onTrack, reason: burndown.reason };
        });
      const risks = accountRiskSignals(
        {
          usage: hours,
          subscriptions: (subscriptions.get(customer.id) ?? []).map((s) => ({ id: s.id, status: s.status, endingAt: s.ending_at })),
          agreements: ownAgreements.map((a) => ({
            id: a.id,
            marketplaceAgreementId: a.marketplace_agreement_id,
            status: a.status,
            endsAt: a.ends_at,
            renewed: a.renewed,
            updatedAt: a.updated_at,
          })),
          commitments: ownCommitments,
        },
        asOf,
        this.settings,
      );
      return {
        customerId: customer.id,
        name: customer.name,
        strategic: customer.strategic,
        partners: (influencers.get(customer.id) ?? []).map((p) => ({ id: p.partner_id, name: p.partner_name })),
        adoption: {
          activeDimensions: activeDimensions(hours, asOf),
          weeks: trend.map((w) => ({
            weekStart: w.weekStart.toISOString(),
            quantityByDimension: w.quantityByDimension,
            valueMinor: w.valueMinor.toString(),
          })),
          usageValueLast8Weeks: currencies.length === 1 ? presentAmount(usageValueMinor, currencies[0]) : null,
          contractValue: currencies.length === 1 ? presentAmount(contractMinor, currencies[0]) : null,
          usageAgainstContractBps: currencies.length === 1 ? usageAgainstContractBps(usageValueMinor, contractMinor) : null,
          // Per live agreement and dimension it includes: usage in its term so far against the quantity bought.
          included: (included.get(customer.id) ?? []).map((row) => ({
            agreementId: row.marketplace_agreement_id,
            dimension: row.dimension,
            ...usageAgainstIncluded(BigInt(row.included), row.used),
          })),
        },
        atRisk: risks.length > 0,
        risks,
        renewals: live
          .filter((a) => a.ends_at)
          .map((a) => ({ agreementId: a.marketplace_agreement_id, endsAt: a.ends_at!.toISOString(), renewed: a.renewed })),
        commitments: ownCommitments.map((c) => ({ id: c.id, kind: c.kind, endsAt: c.endsAt.toISOString(), onTrack: c.onTrack })),
      };
    });
  }
}
