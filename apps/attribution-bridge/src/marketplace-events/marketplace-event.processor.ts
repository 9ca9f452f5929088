import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AgreementRecreditOutbox, MarketplaceEventInbox, RevenueEventInbox } from '@bridge/database';
import { JobProducer, OnJob, type JobData } from '@bridge/queues';
import { AgreementCreditService } from '../agreements/agreement-credit.service';
import { AzureOperationAnswerRepository } from '../azure-operations/azure-operation-answer.repository';
import { RevenueCreditService } from '../revenue-events/revenue-credit.service';

/** Thin: jobs in, service calls out. */
@Controller()
export class MarketplaceEventProcessor {
  private readonly logger = new Logger(MarketplaceEventProcessor.name);

  constructor(
    private readonly agreementCredit: AgreementCreditService,
    private readonly revenueCredit: RevenueCreditService,
    private readonly inbox: MarketplaceEventInbox,
    private readonly revenueInbox: RevenueEventInbox,
    private readonly azureAnswers: AzureOperationAnswerRepository,
    private readonly recredits: AgreementRecreditOutbox,
    private readonly jobs: JobProducer,
  ) {}

  @OnJob('revenue-events.received')
  async revenueReceived(@Payload() data: JobData<'revenue-events.received'>): Promise<void> {
    await this.revenueCredit.creditBatch(data.eventIds);
  }

  @OnJob('marketplace-event.received')
  async received(@Payload() data: JobData<'marketplace-event.received'>): Promise<void> {
    await this.agreementCredit.applyEvent(data.eventId);
    // Hand-over to private offers (change set finished, offer accepted): after
    // the agreement is recorded, so it can be linked to its offer.
    await this.jobs.enqueue('offers.marketplace-event', { eventId: data.eventId });
  }

  /**
   * Re-queues inbox work whose job was lost (e.g. Redis restarted without
   * persistence) or failed past its retries: events not processed, Azure
   * operations still owed the publisher's answer, and settled conflicts'
   * re-credits not done yet.
   */
  @OnJob('marketplace-event.sweep')
  async sweep(@Payload() data: JobData<'marketplace-event.sweep'>): Promise<void> {
    const stale = await this.inbox.unprocessedOlderThan(data.olderThanMs);
    if (stale.length) {
      this.logger.warn(`re-queueing ${stale.length} unprocessed marketplace events`);
      await this.jobs.requeueMany(
        'marketplace-event.received',
        stale.map((eventId) => ({ eventId })),
      );
    }
    const unanswered = await this.azureAnswers.unansweredOlderThan(data.olderThanMs);
    if (unanswered.length) {
      this.logger.warn(`re-queueing the acknowledgement of ${unanswered.length} Azure operations`);
      await this.jobs.requeueMany('azure-operation.acknowledge', unanswered);
    }
    const recredits = await this.recredits.pendingOlderThan(data.olderThanMs);
    if (recredits.length) {
      this.logger.warn(`re-queueing ${recredits.length} re-credits of settled conflicts`);
      await this.jobs.requeueMany('agreement.recredit', recredits);
    }
    const staleRevenue = await this.revenueInbox.unprocessedOlderThan(data.olderThanMs);
    const sweptAt = Date.now();
    for (let i = 0; i < staleRevenue.length; i += 1000) {
      await this.jobs.enqueue('revenue-events.received', { eventIds: staleRevenue.slice(i, i + 1000), sweptAt });
    }
    if (staleRevenue.length) this.logger.warn(`re-queued ${staleRevenue.length} unprocessed revenue events`);
  }
}
