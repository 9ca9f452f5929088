import { Injectable, Logger } from '@nestjs/common';
import { EngagementRulesRepository, RevenueEventInbox } from '@bridge/database';
import { RevenueContextRepository } from './revenue-context.repository';
import { planRevenueCredit } from './revenue-credit.planner';
import { RevenueCreditWriter } from './revenue-credit.writer';

/**
 * Credits revenue events a batch at a time: one load of the facts, the rules
 * run in memory, one transaction to write. This is what lets the bridge keep
 * up with a marketplace's volume where a transaction per event could not.
 */
@Injectable()
export class RevenueCreditService {
  private readonly logger = new Logger(RevenueCreditService.name);

  constructor(
    private readonly inbox: RevenueEventInbox,
    private readonly context: RevenueContextRepository,
    private readonly rules: EngagementRulesRepository,
    private readonly writer: RevenueCreditWriter,
  ) {}

  async creditBatch(eventIds: string[]): Promise<void> {
    const events = await this.inbox.unprocessed(eventIds);
    if (events.length === 0) return;
    const context = await this.context.load(events);
    const customerIds = [...new Set([...context.customerOf.values()].map((c) => c.id))];
    const { rules, version } = await this.rules.current(customerIds);
    const plans = events.map((event) => planRevenueCredit(event, context, rules));
    const written = await this.writer.write(plans, context, version);
    this.logger.debug(`revenue batch: ${written.events} events, ${written.credits} credit entries`);
  }
}
