import { Inject, Injectable } from '@nestjs/common';
import { sign } from 'node:crypto';
import { ClockService } from '../clock/clock.service';
import { uuid } from '../core/random-id.generator';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../core/sandbox-options';
import { EventDeliveryService } from '../events/event-delivery.service';
import { SigningKeysService } from './signing-keys.service';

export const SNS_PATH = '/webhooks/aws/sns';
/** The AWS Marketplace account that owns the seller notification topics. */
const MARKETPLACE_TOPIC_ACCOUNT = '287250355862';

export type SubscriptionAction = 'subscribe-success' | 'subscribe-fail' | 'unsubscribe-pending' | 'unsubscribe-success';

export interface SnsCustomer {
  customerIdentifier: string;
  customerAWSAccountId: string;
  licenseArn: string;
  productCode: string;
  offerId?: string;
}

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

  subscription(action: SubscriptionAction, customer: SnsCustomer): void {
    this.publish(`aws-mp-subscription-notification-${customer.productCode}`, action, {
      action,
      'customer-identifier': customer.customerIdentifier,
      'customer-aws-account-id': customer.customerAWSAccountId,
      'license-arn': customer.licenseArn,
      'product-code': customer.productCode,
      'offer-identifier': customer.offerId,
      isFreeTrialTermPresent: 'false',
    });
  }

  entitlementUpdated(customer: SnsCustomer): void {
    this.publish(`aws-mp-entitlement-notification-${customer.productCode}`, 'entitlement-updated', {
      action: 'entitlement-updated',
      'customer-identifier': customer.customerIdentifier,
      'customer-aws-account-id': customer.customerAWSAccountId,
      'license-arn': customer.licenseArn,
      'product-code': customer.productCode,
    });
  }

  private publish(topicName: string, action: string, message: Record<string, unknown>): void {
    const topicArn = `arn:aws:sns:us-east-1:${MARKETPLACE_TOPIC_ACCOUNT}:${topicName}`;
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
      UnsubscribeURL: `${this.options.publicUrl}/_sandbox/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(topicArn)}:sandbox`,
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
