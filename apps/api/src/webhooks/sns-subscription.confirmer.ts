import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import type { SnsMessage } from './sns-message.schema';
import { SnsMessageVerifier } from './sns-message.verifier';
import { isTrustedSubscribeUrl } from './sns-trust.rules';

const CONFIRM_TIMEOUT_MS = 5000;

/**
 * Confirms an SNS subscription by visiting its SubscribeURL, as SNS asks.
 * The URL is fetched only on an SNS host (or the trusted sandbox): a signed
 * message is no licence to make the product call anywhere else.
 */
@Injectable()
export class SnsSubscriptionConfirmer {
  private readonly logger = new Logger(SnsSubscriptionConfirmer.name);

  constructor(private readonly verifier: SnsMessageVerifier) {}

  async confirm(message: Extract<SnsMessage, { Type: 'SubscriptionConfirmation' }>) {
    if (!isTrustedSubscribeUrl(message.SubscribeURL, this.verifier.trust)) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'SubscribeURL', 'must be an https URL on sns.<region>.amazonaws.com');
    }
    let status: number;
    try {
      const response = await fetch(message.SubscribeURL, { redirect: 'error', signal: AbortSignal.timeout(CONFIRM_TIMEOUT_MS) });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      throw ApiError.field(HttpStatus.BAD_GATEWAY, 'SubscribeURL', `could not be reached: ${(error as Error).message}`);
    }
    if (status < 200 || status >= 300) throw ApiError.field(HttpStatus.BAD_GATEWAY, 'SubscribeURL', `confirmation answered HTTP ${status}`);
    this.logger.log(`SNS subscription to ${message.TopicArn} confirmed`);
    return { confirmed: true, topicArn: message.TopicArn };
  }
}
