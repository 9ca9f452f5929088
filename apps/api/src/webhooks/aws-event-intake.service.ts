import { Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox, MeteringFinalWindow } from '@bridge/database';
import { licenseChangeOf, licenseEventDetailSchema, recogniseEventBridgeEvent, type EventBridgeEnvelope } from '@bridge/marketplace';
import { meterableLicenceArn } from '@bridge/domain';
import { JobProducer } from '@bridge/queues';
import { UsageSubscriptionRepository } from '../usage/usage-subscription.repository';
import { SNS_EVENT_SOURCE, SnsNotificationService } from './sns-notification.service';

export interface IntakeAnswer {
  accepted: true;
  eventId: string;
  duplicate: boolean;
  /** Set when the message was kept but not understood: an operator replays it once the product learns it. */
  parked?: string;
}

/**
 * Everything an authenticated EventBridge delivery does, at its first arrival
 * and when an operator replays a parked one: store it as received, then
 * either park it with the reason or act on it (licences here, at once;
 * agreements and change sets through the queue).
 */
@Injectable()
export class AwsEventIntakeService {
  private readonly logger = new Logger(AwsEventIntakeService.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
    private readonly meteredSubscriptions: UsageSubscriptionRepository,
    private readonly finalWindow: MeteringFinalWindow,
    private readonly sns: SnsNotificationService,
  ) {}

  async receive(body: Record<string, unknown>): Promise<IntakeAnswer> {
    const recognised = recogniseEventBridgeEvent(body);
    if (!recognised.understood) {
      const stored = await this.inbox.receive({
        cloud: 'AWS',
        externalId: recognised.externalId,
        source: recognised.source,
        detailType: recognised.detailType,
        payload: body as object,
        parkReason: recognised.reason,
      });
      this.logger.warn(`event ${recognised.externalId} parked: ${recognised.reason}`);
      return { accepted: true, eventId: stored.id, duplicate: stored.duplicate, parked: recognised.reason };
    }
    const event = recognised.envelope;
    const stored = await this.inbox.receive({
      cloud: 'AWS',
      externalId: event.id,
      source: event.source,
      detailType: event['detail-type'],
      payload: event as object,
    });
    await this.act(stored.id, event);
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate };
  }

  /** Reads a parked message again with what the product knows now. */
  async replay(eventId: string): Promise<{ replayed: boolean; reason?: string } | null> {
    const event = await this.inbox.find(eventId);
    if (!event || event.cloud !== 'AWS') return null;
    if (!event.parkedAt) return { replayed: false, reason: 'not parked: the product has already taken it' };
    if (event.source === SNS_EVENT_SOURCE) return this.sns.replay(eventId, event.payload);
    const recognised = recogniseEventBridgeEvent(event.payload);
    if (!recognised.understood) {
      await this.inbox.stillParked(eventId, recognised.reason);
      return { replayed: false, reason: recognised.reason };
    }
    const envelope = recognised.envelope;
    if (await this.inbox.unpark(eventId, { source: envelope.source, detailType: envelope['detail-type'] }))
      await this.act(eventId, envelope);
    return { replayed: true };
  }

  private async act(eventId: string, event: EventBridgeEnvelope): Promise<void> {
    // On every delivery (a first one may have died before this): registering and ending are idempotent.
    const licence = licenseChangeOf(event['detail-type']);
    if (licence) await this.applyLicence(licence, event);
    // Queued on every delivery: the job id drops a repeat while the first job
    // lives, and a processed event is a no-op for the handler after that.
    await this.jobs.enqueue('marketplace-event.received', { eventId }).catch((error: Error) => {
      this.logger.warn(`event ${event.id} stored; queueing deferred to the sweep: ${error.message}`);
    });
  }

  /**
   * License Updated registers the buyer for metering with the key AWS meters
   * SaaS by (account id and licence ARN); License Deprovisioned opens the
   * final-usage window.
   */
  private async applyLicence(change: 'Updated' | 'Deprovisioned', event: EventBridgeEnvelope): Promise<void> {
    const detail = licenseEventDetailSchema.parse(event.detail);
    const at = event.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : new Date();
    if (change === 'Deprovisioned') {
      for (const subscriptionId of await this.finalWindow.start({ licenseArn: detail.license.arn }, at)) {
        await this.jobs.enqueue('metering.flush-subscription', { subscriptionId }).catch((error: Error) => {
          this.logger.warn(`flush of ${subscriptionId} left to the tick: ${error.message}`);
        });
      }
      return;
    }
    // EventBridge does not keep order: a licence whose end came first is not brought back by its late update.
    if (await this.meteredSubscriptions.licenceEnded(detail.license.arn)) return;
    const stored = await this.meteredSubscriptions.registerAnnounced({
      awsAccountId: detail.acceptor.accountId,
      licenseArn: meterableLicenceArn(detail.license.arn),
      customerIdentifier: null,
      productCode: detail.product.code,
      marketplaceAgreementId: detail.agreement?.id ?? null,
      startedAt: at,
    });
    if (stored) this.logger.log(`customer ${detail.acceptor.accountId} of ${detail.product.code} registered for metering from its licence`);
  }
}
