import { Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox } from '@bridge/database';
import { JobProducer, OnJob, type JobData } from '@bridge/queues';
import { AgreementCreditService } from '../agreements/agreement-credit.service';

/** Thin: jobs in, service calls out. */
@Injectable()
export class MarketplaceEventProcessor {
  private readonly logger = new Logger(MarketplaceEventProcessor.name);

  constructor(
    private readonly agreementCredit: AgreementCreditService,
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
  ) {}

  @OnJob('marketplace-event.received')
  async received(data: JobData<'marketplace-event.received'>): Promise<void> {
    await this.agreementCredit.applyEvent(data.eventId);
    // Hand-over to private offers (change set finished, offer accepted): after
    // the agreement is recorded, so it can be linked to its offer.
    await this.jobs.enqueue('offers.marketplace-event', { eventId: data.eventId });
  }

  /** Re-queues events whose job was lost (e.g. Redis restarted without persistence). */
  @OnJob('marketplace-event.sweep')
  async sweep(data: JobData<'marketplace-event.sweep'>): Promise<void> {
    const stale = await this.inbox.unprocessedOlderThan(data.olderThanMs);
    if (stale.length === 0) return;
    this.logger.warn(`re-queueing ${stale.length} unprocessed marketplace events`);
    await this.jobs.enqueueMany('marketplace-event.received', stale.map((eventId) => ({ eventId })));
  }
}
