import { Injectable } from '@nestjs/common';
import { EventBridgePublisher } from '../../events/eventbridge-publisher.service';
import {
  amendedDetail,
  createdDetail,
  endedDetail,
  isChannelAgreement,
  licenseDetail,
  type AgreementEventCopy,
} from './agreement-event.details';
import type { Agreement } from './agreement.types';

export const AGREEMENT_EVENT_SOURCE = 'aws.agreement-marketplace';

/**
 * Purchase agreement and licence events as the default bus delivers them
 * (seller guide, "Managing SaaS subscription events with Amazon
 * EventBridge"):
 * - direct offer: the ISV is manufacturer and proposer and receives only
 *   the Proposer copy;
 * - channel offer (CPPO): the ISV receives the Manufacturer copy and the
 *   reseller the Proposer copy. The sandbox has one delivery target, where
 *   the product plays both roles in tests, so both copies arrive there;
 *   each names its recipient in `account`.
 * Licence events exist only as Manufacturer copies.
 */
@Injectable()
export class AgreementEventsPublisher {
  constructor(private readonly eventBridge: EventBridgePublisher) {}

  created(agreement: Agreement): void {
    for (const copy of copiesOf(agreement)) this.publish(`Purchase Agreement Created - ${copy}`, agreement, copy, createdDetail(agreement));
  }

  amended(agreement: Agreement): void {
    for (const copy of copiesOf(agreement))
      this.publish(`Purchase Agreement Amended - ${copy}`, agreement, copy, amendedDetail(agreement, copy));
  }

  ended(agreement: Agreement): void {
    for (const copy of copiesOf(agreement)) this.publish(`Purchase Agreement Ended - ${copy}`, agreement, copy, endedDetail(agreement));
  }

  /** The licence was granted or its entitlements changed. */
  licenseUpdated(agreement: Agreement): void {
    this.publish('License Updated - Manufacturer', agreement, 'Manufacturer', licenseDetail(agreement));
  }

  /** The licence's entitlements are revoked for good: the final-usage hour is over. */
  licenseDeprovisioned(agreement: Agreement): void {
    this.publish('License Deprovisioned - Manufacturer', agreement, 'Manufacturer', licenseDetail(agreement));
  }

  private publish(detailType: string, agreement: Agreement, copy: AgreementEventCopy, detail: Record<string, unknown>): void {
    this.eventBridge.publish({
      detailType,
      source: AGREEMENT_EVENT_SOURCE,
      account: copy === 'Proposer' ? agreement.proposerAccountId : agreement.manufacturerAccountId,
      detail,
      resources: [`arn:aws:aws-marketplace::aws:agreement:${agreement.agreementId}`],
    });
  }
}

function copiesOf(agreement: Agreement): AgreementEventCopy[] {
  return isChannelAgreement(agreement) ? ['Manufacturer', 'Proposer'] : ['Proposer'];
}
