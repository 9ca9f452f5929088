import { Injectable, Logger } from '@nestjs/common';
import { EngagementRulesRepository } from '@bridge/database';
import { attributeRevenue } from '@bridge/domain';
import type { JobData } from '@bridge/queues';
import { AgreementCreditRepository } from '../agreements/agreement-credit.repository';
import { UsageRevenueRepository, type UsageCreditRow } from './usage-revenue.repository';

type RevenueEvent = JobData<'usage-revenue.recorded'>['events'][number];
const ACTOR = 'attribution-bridge';

/**
 * Metered revenue (an accepted usage hour's quantity x the buyer's price)
 * credited to partners by the same rules as a purchase, kind USAGE. The
 * credit key names the usage hour, the partner and the rule, so a
 * redelivered batch credits nothing twice. Usage does not earn the one-off
 * kickers (new logo, migration): those belong to the purchase.
 */
@Injectable()
export class UsageRevenueService {
  private readonly logger = new Logger(UsageRevenueService.name);

  constructor(
    private readonly agreements: AgreementCreditRepository,
    private readonly rules: EngagementRulesRepository,
    private readonly repository: UsageRevenueRepository,
  ) {}

  async credit(batchId: string, events: RevenueEvent[]): Promise<number> {
    const groups = new Map<string, RevenueEvent[]>();
    for (const e of events) {
      const key = [e.cloud, e.customerAccountId, e.productId ?? '', e.marketplaceAgreementId ?? ''].join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const rows: UsageCreditRow[] = [];
    for (const group of groups.values()) rows.push(...(await this.creditGroup(group)));
    const written = await this.repository.append(
      rows,
      events.map((e) => e.usageHourId),
      batchId,
      ACTOR,
    );
    if (written) this.logger.log(`usage batch ${batchId}: ${written} credit entries for ${events.length} usage hours`);
    return written;
  }

  /** Events of one customer, product and agreement share their context and rules. */
  private async creditGroup(events: RevenueEvent[]): Promise<UsageCreditRow[]> {
    const first = events[0];
    const parties = first.marketplaceAgreementId ? await this.repository.agreementParties(first.cloud, first.marketplaceAgreementId) : null;
    const context = await this.agreements.loadContext(first.cloud, {
      proposerAccountId: parties?.proposerAccountId ?? '',
      acceptorAccountId: first.customerAccountId,
      productId: first.productId ?? '',
    });
    const { rules } = await this.rules.current(context.customer ? [context.customer.id] : []);
    const rows: UsageCreditRow[] = [];
    for (const event of events) {
      const decision = attributeRevenue(
        {
          kind: 'USAGE',
          cloud: event.cloud,
          sourceRef: `usage hour ${event.usageHourId} (${event.dimension} ${event.hour}, ${event.quantity} units)`,
          customerId: context.customer?.id ?? null,
          listingId: context.listing?.id ?? event.listingId,
          amountMinor: BigInt(event.amountMinor),
          currency: event.currency,
          occurredAt: new Date(event.hour),
          resellerPartnerId: context.resellerPartnerId,
          customerIsStrategic: context.customer?.strategic ?? false,
        },
        context.registrations,
        rules,
      );
      for (const line of decision.credits) {
        if (line.amountMinor === 0n) continue;
        rows.push({
          creditKey: ['usage', event.usageHourId, line.partnerId, line.ruleId, line.kicker ?? ''].join(':'),
          partnerId: line.partnerId,
          engagement: line.engagement,
          ruleId: line.ruleId,
          kicker: line.kicker ?? null,
          shareBps: line.shareBps,
          amountMinor: line.amountMinor,
          currency: event.currency,
          reason: line.reason,
          occurredAt: new Date(event.hour),
        });
      }
    }
    return rows;
  }
}
