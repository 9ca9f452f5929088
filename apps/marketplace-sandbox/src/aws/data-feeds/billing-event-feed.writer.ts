import { Inject, Injectable } from '@nestjs/common';
import { billingEventHeaderLine, billingEventLine, type BillingEventLineValues } from '@bridge/reconciliation';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../../core/sandbox-options';
import { SellerBucketStore } from './seller-bucket.store';

/**
 * Writes the billing event data feed into the seller's bucket the way AWS
 * Marketplace delivers it: one object a month,
 * `<prefix>billing_event_v1/year=YYYY/month=MM/data.csv` (the data feed's name
 * and version, https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-details.html),
 * its header line first, events appended as they happen, earlier bytes never rewritten.
 */
@Injectable()
export class BillingEventFeedWriter {
  constructor(
    private readonly bucket: SellerBucketStore,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxOptions,
  ) {}

  keyFor(at: Date): string {
    const month = String(at.getUTCMonth() + 1).padStart(2, '0');
    return `${this.options.dataFeedPrefix}billing_event_v1/year=${at.getUTCFullYear()}/month=${month}/data.csv`;
  }

  /** Appends the events to the month's object; returns its key. */
  append(events: BillingEventLineValues[], at: Date): string {
    const key = this.keyFor(at);
    const header = this.bucket.has(key) ? '' : billingEventHeaderLine();
    this.bucket.append(key, header + events.map(billingEventLine).join(''), at);
    return key;
  }
}
