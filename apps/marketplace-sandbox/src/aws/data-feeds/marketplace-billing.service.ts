import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { expectedFeeMinor, formatMinor, marketplaceFee, parseDecimalToMinor } from '@bridge/domain';
import type { BillingEventLineValues } from '@bridge/reconciliation';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import { randomHex, uuid } from '../../core/random-id.generator';
import { AgreementStore } from '../agreement/agreement.store';
import { BillingEventFeedWriter } from './billing-event-feed.writer';

/** One invoiced transaction: the seller's share and AWS's listing fee, until a disbursement pays them. */
interface InvoicedItem {
  agreementId: string;
  reference: string;
  invoiceId: string;
  sellerEventId: string;
  feeEventId: string;
  grossMinor: bigint;
  /** Negative, as the feed states the fee. */
  feeMinor: bigint;
  currency: string;
  payer: string;
  buyer: string;
  seller: string;
  productId: string;
  disbursed: boolean;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * AWS Marketplace's billing of the sandbox's agreements, as the seller's
 * billing event data feed shows it
 * (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-billing-event.html):
 * an invoice is a SELLER_REV_SHARE row (the buyer, or for a channel sale the
 * reseller, owes the seller) and a negative AWS_REV_SHARE row (the listing
 * fee); a disbursement pays every invoiced item not paid yet with DISBURSED
 * rows that negate what they pay, and one positive DISBURSEMENT row, the lump
 * sum. The fee is the marketplace's schedule (libs/domain), on the
 * agreement's value; the sandbox does not model renewals or public offers'
 * tiers (a public offer is 3% at any value, the same as a private one under
 * $1M).
 */
@Injectable()
export class MarketplaceBillingService implements ResettableState {
  private items: InvoicedItem[] = [];

  constructor(
    private readonly agreements: AgreementStore,
    private readonly feed: BillingEventFeedWriter,
    private readonly clock: ClockService,
    registry: ResetRegistry,
  ) {
    registry.register(this);
  }

  /** Invoices the agreement: `amount` (default its whole value), for a channel sale the manufacturer's share. */
  invoice(agreementId: string, amount: string | undefined) {
    const agreement = this.agreements.get(agreementId);
    if (!agreement) throw new NotFoundException(`No agreement ${agreementId}`);
    if (agreement.currency !== 'USD') throw new BadRequestException(`the sandbox invoices USD agreements only, not ${agreement.currency}`);
    const currency = agreement.currency;
    const grossMinor = parseDecimalToMinor(amount ?? agreement.agreementValue, currency);
    if (grossMinor <= 0n) throw new BadRequestException('amount: must be more than zero');
    const isChannel = agreement.resaleAuthorizationId !== undefined;
    const fee = marketplaceFee({
      cloud: 'AWS',
      offerType: 'PRIVATE',
      isChannel,
      isRenewal: false,
      contractValueMinor: parseDecimalToMinor(agreement.agreementValue, currency, 'HALF_EVEN'),
      currency,
    });
    const item: InvoicedItem = {
      agreementId,
      reference: `txn-${randomHex(16)}`,
      invoiceId: `inv-${randomHex(12)}`,
      sellerEventId: `be-${uuid()}`,
      feeEventId: `be-${uuid()}`,
      grossMinor,
      feeMinor: -expectedFeeMinor(grossMinor, fee.feeBps),
      currency,
      payer: isChannel ? agreement.proposerAccountId : agreement.acceptorAccountId,
      buyer: agreement.acceptorAccountId,
      seller: agreement.manufacturerAccountId,
      productId: agreement.productId,
      disbursed: false,
    };
    const at = this.clock.now();
    const due = new Date(at.getTime() + 30 * 86_400_000);
    const key = this.feed.append(
      [
        this.row(item, at, { billing_event_id: item.sellerEventId, transaction_type: 'SELLER_REV_SHARE', amount: item.grossMinor, due }),
        this.row(item, at, { billing_event_id: item.feeEventId, transaction_type: 'AWS_REV_SHARE', amount: item.feeMinor, due, to: 'AWS' }),
      ],
      at,
    );
    this.items.push(item);
    return {
      key,
      transactionReferenceId: item.reference,
      invoiceId: item.invoiceId,
      amount: formatMinor(grossMinor, currency),
      listingFee: formatMinor(item.feeMinor, currency),
      feeReason: fee.reason,
    };
  }

  /**
   * Pays every invoiced item not paid yet, in one lump sum. `shortPaid` pays
   * an agreement's seller share short by that much (a variance for finance).
   */
  disburse(shortPaid: Record<string, string>) {
    const unpaid = this.items.filter((i) => !i.disbursed);
    if (unpaid.length === 0) throw new BadRequestException('nothing is invoiced and not yet disbursed');
    const currencies = new Set(unpaid.map((i) => i.currency));
    if (currencies.size > 1) throw new BadRequestException('the unpaid items are in more than one currency');
    const [currency] = currencies;
    const disbursementId = `be-${uuid()}`;
    const trace = `trace-${randomHex(12)}`;
    const at = this.clock.now();
    const rows: BillingEventLineValues[] = [];
    let lump = 0n;
    for (const item of unpaid) {
      const short = shortPaid[item.agreementId] === undefined ? 0n : parseDecimalToMinor(shortPaid[item.agreementId], currency);
      const paid = item.grossMinor - short;
      rows.push(
        this.row(item, at, {
          billing_event_id: `be-${uuid()}`,
          action: 'DISBURSED',
          transaction_type: 'SELLER_REV_SHARE',
          amount: -paid,
          parent: item.sellerEventId,
          disbursement: disbursementId,
          trace,
        }),
        this.row(item, at, {
          billing_event_id: `be-${uuid()}`,
          action: 'DISBURSED',
          transaction_type: 'AWS_REV_SHARE',
          amount: -item.feeMinor,
          parent: item.feeEventId,
          disbursement: disbursementId,
          trace,
          to: 'AWS',
        }),
      );
      lump += paid + item.feeMinor;
      item.disbursed = true;
    }
    rows.push({
      billing_event_id: disbursementId,
      from_account_id: 'AWS',
      to_account_id: unpaid[0].seller,
      end_user_account_id: '',
      product_id: '',
      action: 'DISBURSED',
      transaction_type: 'DISBURSEMENT',
      parent_billing_event_id: '',
      disbursement_billing_event_id: '',
      amount: formatMinor(lump, currency),
      currency,
      balance_impacting: '1',
      invoice_date: day(at),
      payment_due_date: '',
      usage_period_start_date: '',
      usage_period_end_date: '',
      invoice_id: '',
      transaction_reference_id: '',
      bank_trace_id: trace,
      agreement_id: '',
    });
    const key = this.feed.append(rows, at);
    return { key, disbursementId, amount: formatMinor(lump, currency), items: unpaid.length };
  }

  reset(): void {
    this.items = [];
  }

  private row(
    item: InvoicedItem,
    at: Date,
    r: {
      billing_event_id: string;
      transaction_type: string;
      amount: bigint;
      action?: string;
      due?: Date;
      parent?: string;
      disbursement?: string;
      trace?: string;
      to?: string;
    },
  ): BillingEventLineValues {
    return {
      billing_event_id: r.billing_event_id,
      from_account_id: item.payer,
      to_account_id: r.to ?? item.seller,
      end_user_account_id: item.buyer,
      product_id: item.productId,
      action: r.action ?? 'INVOICED',
      transaction_type: r.transaction_type,
      parent_billing_event_id: r.parent ?? '',
      disbursement_billing_event_id: r.disbursement ?? '',
      amount: formatMinor(r.amount, item.currency),
      currency: item.currency,
      balance_impacting: '1',
      invoice_date: day(at),
      payment_due_date: r.due ? day(r.due) : '',
      usage_period_start_date: '',
      usage_period_end_date: '',
      invoice_id: r.action === undefined ? item.invoiceId : '',
      transaction_reference_id: item.reference,
      bank_trace_id: r.trace ?? '',
      agreement_id: item.agreementId,
    };
  }
}
