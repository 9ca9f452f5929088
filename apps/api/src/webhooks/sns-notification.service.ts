import { Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox, MeteringFinalWindow } from '@bridge/database';
import { JobProducer } from '@bridge/queues';
import { containsNulCharacter } from '../http/nul-character.check';
import { marketplaceNotificationSchema, type MarketplaceNotification, type SnsMessage } from './sns-message.schema';

/** The inbox's `source` for AWS Marketplace's legacy SNS topics. */
export const SNS_EVENT_SOURCE = 'aws.marketplace.sns';

/** The actions AWS documents for the SaaS subscription and entitlement topics. */
const DOCUMENTED_ACTIONS = new Set([
  'subscribe-success',
  'subscribe-fail',
  'unsubscribe-pending',
  'unsubscribe-success',
  'entitlement-updated',
]);

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
    const read = readNotification(message.Message);
    const externalId = `sns-${message.MessageId}`;
    const payload = {
      topicArn: message.TopicArn,
      timestamp: message.Timestamp,
      message: read.notification ?? message.Message,
      envelope: message,
    } as object;
    if (!read.notification) {
      const stored = await this.inbox.receive({
        cloud: 'AWS',
        externalId,
        source: SNS_EVENT_SOURCE,
        detailType: read.action,
        payload,
        parkReason: read.problem,
      });
      this.logger.warn(`SNS message ${message.MessageId} parked: ${read.problem}`);
      return { accepted: true, eventId: stored.id, duplicate: stored.duplicate, parked: read.problem };
    }
    const stored = await this.inbox.receive({
      cloud: 'AWS',
      externalId,
      source: SNS_EVENT_SOURCE,
      detailType: read.notification.action,
      payload,
    });
    await this.act(stored.id, read.notification, new Date(message.Timestamp));
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate };
  }

  /** Reads a parked notification again with what the product knows now. */
  async replay(
    eventId: string,
    payload: { envelope?: { Message?: string; Timestamp?: string } },
  ): Promise<{ replayed: boolean; reason?: string }> {
    const read = readNotification(payload.envelope?.Message ?? '');
    if (!read.notification) {
      await this.inbox.stillParked(eventId, read.problem);
      return { replayed: false, reason: read.problem };
    }
    if (await this.inbox.unpark(eventId, { source: SNS_EVENT_SOURCE, detailType: read.notification.action })) {
      await this.act(eventId, read.notification, new Date(payload.envelope?.Timestamp ?? Date.now()));
    }
    return { replayed: true };
  }

  private async act(eventId: string, notification: MarketplaceNotification, at: Date): Promise<void> {
    // On every delivery (a first one may have died before this): opening the window again changes nothing.
    if (notification.action === 'unsubscribe-pending') await this.startFinalWindow(notification['customer-identifier'], at);
    await this.jobs.enqueue('marketplace-event.received', { eventId }).catch((error: Error) => {
      this.logger.warn(`SNS message of ${eventId} stored; queueing deferred to the sweep: ${error.message}`);
    });
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

/** The notification in an SNS Message, or why the product cannot take it. */
function readNotification(
  text: string,
): { notification: MarketplaceNotification; action: string } | { notification?: undefined; action: string; problem: string } {
  const parsed = marketplaceNotificationSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { action: '(unreadable)', problem: `Message: ${issue.path.join('.') || '(message)'}: ${issue.message}` };
  }
  // Kept as the raw Message text instead: PostgreSQL cannot store a NUL inside jsonb.
  if (containsNulCharacter(parsed.data)) return { action: '(unreadable)', problem: 'Message: holds a NUL character (\\u0000)' };
  if (!DOCUMENTED_ACTIONS.has(parsed.data.action))
    return { action: parsed.data.action, problem: `the product does not know the action "${parsed.data.action}"` };
  return { notification: parsed.data, action: parsed.data.action };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
