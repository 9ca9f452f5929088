import { Injectable, Logger } from '@nestjs/common';
import { EngagementRulesRepository, RevenueEventInbox } from '@bridge/database';
import { JobProducer } from '@bridge/queues';
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
    private readonly jobs: JobProducer,
  ) {}

  async creditBatch(eventIds: string[]): Promise<void> {
    const events = await this.inbox.unprocessed(eventIds);
    if (events.length === 0) return;
    const context = await this.context.load(events);
    const customerIds = [...new Set([...context.customerOf.values()].map((c) => c.id))];
    const { rules, version } = await this.rules.current(customerIds);
    // A refund that overtook its purchase waits for it, or it would take back nothing.
    const waiting = events.filter((e) => e.reversesExternalId && context.pendingOriginals.has(e.reversesExternalId));
    const ready = events.filter((e) => !waiting.includes(e));
    const plans = ready.map((event) => planRevenueCredit(event, context, rules));
    const written = plans.length ? await this.writer.write(plans, context, version) : { events: 0, credits: 0 };
    this.logger.debug(`revenue batch: ${written.events} events, ${written.credits} credit entries`);
    if (waiting.length) {
      // Soon again, on their own: the purchase is usually in a batch running right now.
      await this.jobs.enqueue('revenue-events.received', { eventIds: waiting.map((e) => e.id), sweptAt: Date.now() }, { delayMs: 250 });
    }
  }
}
