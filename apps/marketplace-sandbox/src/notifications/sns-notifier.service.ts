import { Inject, Injectable } from '@nestjs/common';
import { sign } from 'node:crypto';
import { ClockService } from '../clock/clock.service';
import { uuid } from '../core/random-id.generator';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../core/sandbox-options';
import { EventDeliveryService } from '../events/event-delivery.service';
import { entitlementUpdatedMessage, subscriptionMessage, type SnsSubscription, type SubscriptionAction } from './marketplace-sns.messages';
import { SigningKeysService } from './signing-keys.service';

export const SNS_PATH = '/webhooks/aws/sns';
/** The AWS Marketplace account that owns the seller notification topics. */
const MARKETPLACE_TOPIC_ACCOUNT = '287250355862';
/** The product's one subscription to each topic; SNS names it by a UUID after the topic ARN. */
const SANDBOX_SUBSCRIPTION_ID = '5a3d8a0c-0000-4000-8000-00000000a5b5';

/**
 * The legacy SNS topics AWS Marketplace still uses, posted the way an SNS
 * HTTP subscription receives them: text/plain JSON body, x-amz-sns-* headers,
 * SignatureVersion 2 (RSA-SHA256 over the canonical string).
 */
@Injectable()
export class SnsNotifier {
  constructor(
    private readonly delivery: EventDeliveryService,
    private readonly keys: SigningKeysService,
    private readonly clock: ClockService,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  subscription(action: SubscriptionAction, subscription: SnsSubscription): void {
    this.publish(`aws-mp-subscription-notification-${subscription.productCode}`, action, subscriptionMessage(action, subscription));
  }

  entitlementUpdated(subscription: Pick<SnsSubscription, 'customerIdentifier' | 'productCode'>): void {
    this.publish(
      `aws-mp-entitlement-notification-${subscription.productCode}`,
      'entitlement-updated',
      entitlementUpdatedMessage(subscription),
    );
  }

  private publish(topicName: string, action: string, message: Record<string, string>): void {
    const topicArn = `arn:aws:sns:us-east-1:${MARKETPLACE_TOPIC_ACCOUNT}:${topicName}`;
    const subscriptionArn = `${topicArn}:${SANDBOX_SUBSCRIPTION_ID}`;
    const fields = {
      Type: 'Notification',
      MessageId: uuid(),
      TopicArn: topicArn,
      Message: JSON.stringify(message),
      Timestamp: this.clock.now().toISOString(),
    };
    const signature = sign('sha256', Buffer.from(snsCanonicalString(fields), 'utf8'), this.keys.snsPrivateKey);
    const body = {
      ...fields,
      SignatureVersion: '2',
      Signature: signature.toString('base64'),
      SigningCertURL: `${this.options.publicUrl}/_sandbox/sns/cert.pem`,
      UnsubscribeURL: `${this.options.publicUrl}/_sandbox/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(subscriptionArn)}`,
    };
    this.delivery.enqueue({
      id: fields.MessageId,
      channel: 'sns',
      path: SNS_PATH,
      kind: action,
      body,
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': fields.MessageId,
        'x-amz-sns-topic-arn': topicArn,
        'x-amz-sns-subscription-arn': subscriptionArn,
        'user-agent': 'Amazon Simple Notification Service Agent',
      },
    });
  }
}

/** The string SNS signs for a Notification: key/value lines in this fixed order, Subject only when present. */
export function snsCanonicalString(m: Record<string, string | undefined>): string {
  const keys = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
  return keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('');
}
