import { Injectable } from '@nestjs/common';
import { EventBridgePublisher, isoSeconds } from '../../events/eventbridge-publisher.service';
import type { Agreement } from './agreement.types';

export const AGREEMENT_EVENT_SOURCE = 'aws.agreement-marketplace';

/**
 * Purchase agreement events as the default bus delivers them: one copy for
 * the proposer and one for the manufacturer (the same account for a direct
 * offer, the reseller and the ISV for a channel offer).
 */
@Injectable()
export class AgreementEventsPublisher {
  constructor(private readonly eventBridge: EventBridgePublisher) {}

  created(agreement: Agreement): void {
    this.publishPair('Purchase Agreement Created', agreement);
  }

  amended(agreement: Agreement): void {
    this.publishPair('Purchase Agreement Amended', agreement);
  }

  ended(agreement: Agreement): void {
    this.publishPair('Purchase Agreement Ended', agreement);
  }

  private publishPair(prefix: string, agreement: Agreement): void {
    const detail = agreementEventDetail(agreement);
    const resources = [`arn:aws:aws-marketplace:us-east-1:${agreement.proposerAccountId}:AWSMarketplace/Agreement/${agreement.agreementId}`];
    this.eventBridge.publish({
      detailType: `${prefix} - Proposer`,
      source: AGREEMENT_EVENT_SOURCE,
      account: agreement.proposerAccountId,
      detail,
      resources,
    });
    this.eventBridge.publish({
      detailType: `${prefix} - Manufacturer`,
      source: AGREEMENT_EVENT_SOURCE,
      account: agreement.manufacturerAccountId,
      detail,
      resources,
    });
  }
}

export function agreementEventDetail(a: Agreement): Record<string, unknown> {
  return {
    agreement: {
      id: a.agreementId,
      intent: a.intent,
      status: a.status,
      acceptanceTime: isoSeconds(a.acceptanceTime),
      startTime: isoSeconds(a.startTime),
      endTime: isoSeconds(a.endTime),
    },
    acceptor: { accountId: a.acceptorAccountId },
    proposer: { accountId: a.proposerAccountId },
    offer: { id: a.offerId },
    product: { id: a.productId, code: a.productCode, title: a.productTitle },
    license: { arn: a.licenseArn },
    // Only channel (CPPO) agreements carry the resale authorization.
    ...(a.resaleAuthorizationId ? { resaleAuthorization: { id: a.resaleAuthorizationId } } : {}),
  };
}
