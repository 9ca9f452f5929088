import { Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox, MeteringFinalWindow } from '@bridge/database';
import { JobProducer } from '@bridge/queues';
import { marketplaceNotificationSchema, type SnsMessage } from './sns-message.schema';

/** The inbox's `source` for AWS Marketplace's legacy SNS topics. */
export const SNS_EVENT_SOURCE = 'aws.marketplace.sns';

/** The actions AWS documents for the SaaS subscription and entitlement topics. */
const DOCUMENTED_ACTIONS = new Set(['subscribe-success', 'subscribe-fail', 'unsubscribe-pending', 'unsubscribe-success', 'entitlement-updated']);

/**
 * A verified AWS Marketplace notification (seller guide, "Amazon SNS
 * notifications for SaaS products"): stored in the inbox before the answer
 * and queued like every marketplace event. The message names the customer
 * only by its legacy identifier, with no account id nor licence, so it
 * registers nobody for metering (License Updated and the registration page
 * do); unsubscribe-pending opens the final-usage window of the customer's
 * metered subscription, found by that identifier. A message whose shape the
 * product does not know is kept and parked, not refused.
 */
@Injectable()
export class SnsNotificationService {
  private readonly logger = new Logger(SnsNotificationService.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
    private readonly finalWindow: MeteringFinalWindow,
  ) {}

  async receive(message: Extract<SnsMessage, { Type: 'Notification' }>) {
    const parsed = marketplaceNotificationSchema.safeParse(parseJson(message.Message));
    const externalId = `sns-${message.MessageId}`;
    const payload = { topicArn: message.TopicArn, timestamp: message.Timestamp, message: parsed.success ? parsed.data : message.Message, envelope: message } as object;
    const problem = !parsed.success
      ? `Message: ${parsed.error.issues[0].path.join('.') || '(message)'}: ${parsed.error.issues[0].message}`
      : DOCUMENTED_ACTIONS.has(parsed.data.action)
        ? null
        : `the product does not know the action "${parsed.data.action}"`;
    if (problem) {
      const stored = await this.inbox.receive({ cloud: 'AWS', externalId, source: SNS_EVENT_SOURCE, detailType: parsed.success ? parsed.data.action : '(unreadable)', payload, parkReason: problem });
      this.logger.warn(`SNS message ${message.MessageId} parked: ${problem}`);
      return { accepted: true, eventId: stored.id, duplicate: stored.duplicate, parked: problem };
    }
    const notification = parsed.data!;
    const stored = await this.inbox.receive({ cloud: 'AWS', externalId, source: SNS_EVENT_SOURCE, detailType: notification.action, payload });
    // On every delivery (a first one may have died before this): opening the window again changes nothing.
    if (notification.action === 'unsubscribe-pending') await this.startFinalWindow(notification['customer-identifier'], new Date(message.Timestamp));
    await this.jobs.enqueue('marketplace-event.received', { eventId: stored.id }).catch((error: Error) => {
      this.logger.warn(`SNS message ${message.MessageId} stored; queueing deferred to the sweep: ${error.message}`);
    });
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate };
  }

  private async startFinalWindow(customerIdentifier: string, at: Date): Promise<void> {
    for (const subscriptionId of await this.finalWindow.start({ customerIdentifier }, at)) {
      // If the queue is away the metering tick still flushes it: the status is stored.
      await this.jobs.enqueue('metering.flush-subscription', { subscriptionId }).catch((error: Error) => {
        this.logger.warn(`flush of ${subscriptionId} left to the tick: ${error.message}`);
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
