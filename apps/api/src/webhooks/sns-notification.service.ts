import { Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox } from '@bridge/database';
import { JobProducer } from '@bridge/queues';
import { ApiError } from '../http/api-error';
import { awsCustomerRef, UsageSubscriptionRepository } from '../usage/usage-subscription.repository';
import { marketplaceNotificationSchema, type MarketplaceNotification, type SnsMessage } from './sns-message.schema';

/** The inbox's `source` for AWS Marketplace's legacy SNS topics. */
export const SNS_EVENT_SOURCE = 'aws.marketplace.sns';

/**
 * A verified AWS Marketplace notification (subscribe-success, subscribe-fail,
 * unsubscribe-pending, unsubscribe-success, entitlement-updated): stored in
 * the inbox before the answer and queued like every marketplace event. On
 * subscribe-success the customer is registered for metering (unless it
 * already is), so its usage is taken from the first hour without anyone
 * having to register it by hand. On unsubscribe-pending the customer's
 * metered subscription stops taking usage and its final usage is flushed
 * within the hour AWS leaves for it.
 */
@Injectable()
export class SnsNotificationService {
  private readonly logger = new Logger(SnsNotificationService.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
    private readonly meteredSubscriptions: UsageSubscriptionRepository,
  ) {}

  async receive(message: Extract<SnsMessage, { Type: 'Notification' }>) {
    const parsed = marketplaceNotificationSchema.safeParse(parseJson(message.Message));
    if (!parsed.success) throw ApiError.validation(parsed.error, 'Message');
    const notification = parsed.data;
    const stored = await this.inbox.receive({
      cloud: 'AWS',
      externalId: `sns-${message.MessageId}`,
      source: SNS_EVENT_SOURCE,
      detailType: notification.action,
      payload: { topicArn: message.TopicArn, timestamp: message.Timestamp, message: notification, envelope: message } as object,
    });
    // On every delivery (a first one may have died before this): registering and marking are idempotent.
    if (notification.action === 'subscribe-success') await this.registerForMetering(notification, new Date(message.Timestamp));
    if (notification.action === 'unsubscribe-pending') await this.flushMeteredUsage(notification, new Date(message.Timestamp));
    await this.jobs.enqueue('marketplace-event.received', { eventId: stored.id }).catch((error: Error) => {
      this.logger.warn(`SNS message ${message.MessageId} stored; queueing deferred to the sweep: ${error.message}`);
    });
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate };
  }

  private async registerForMetering(notification: MarketplaceNotification, at: Date): Promise<void> {
    const awsAccountId = notification['customer-aws-account-id'];
    const licenseArn = notification['license-arn'];
    const productCode = notification['product-code'];
    if (!awsAccountId || !/^\d{12}$/.test(awsAccountId) || !licenseArn?.startsWith('arn:') || !productCode) {
      // Still in the inbox; without the account, licence and product there is nothing usage could be metered against.
      this.logger.warn(`subscribe-success without an account id, licence ARN and product code: not registered for metering`);
      return;
    }
    // SNS does not keep order: a subscription whose end was announced first is not brought to life by its late start.
    if (await this.meteredSubscriptions.endAnnounced(SNS_EVENT_SOURCE, licenseArn)) {
      this.logger.warn(`subscribe-success for ${licenseArn} came after its unsubscribe: not registered for metering`);
      return;
    }
    const stored = await this.meteredSubscriptions.registerAnnounced({
      awsAccountId,
      licenseArn,
      customerIdentifier: notification['customer-identifier'] ?? null,
      productCode,
      startedAt: at,
    });
    if (stored) this.logger.log(`customer ${awsAccountId} of ${productCode} registered for metering`);
  }

  private async flushMeteredUsage(notification: MarketplaceNotification, at: Date): Promise<void> {
    const account = notification['customer-aws-account-id'];
    const licence = notification['license-arn'];
    const refs = account && licence ? [awsCustomerRef(account, licence)] : [];
    const legacy = notification['customer-identifier'] ? [notification['customer-identifier']] : [];
    const subscriptions = (await this.meteredSubscriptions.forIngest(refs, legacy)).filter((s) => s.cloud === 'AWS');
    for (const subscription of subscriptions) {
      await this.meteredSubscriptions.markUnsubscribePending(subscription.id, at);
      // If the queue is away the metering tick still flushes it: the status is stored.
      await this.jobs.enqueue('metering.flush-subscription', { subscriptionId: subscription.id }).catch((error: Error) => {
        this.logger.warn(`flush of ${subscription.id} left to the tick: ${error.message}`);
      });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
