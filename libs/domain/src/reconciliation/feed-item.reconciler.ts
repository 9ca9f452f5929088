import { expectedFeeMinor } from '../fees/listing-fee.schedule';
import { marketplaceFee } from '../fees/marketplace-fee.resolver';
import { formatMinor } from '../money/minor.formatter';
import { manufacturerShareMinor } from './channel-sale.rules';
import { reconcileItem, type FeedAmounts, type ReconciliationResult } from './disbursement.reconciler';
import { describeScheduleDue, scheduleDueBy, type ScheduleDue } from './payment-schedule.due';
import { reconcileUnexpectedItem } from './unexpected-feed-item.explainer';

export type FeedCloud = 'AWS' | 'AZURE' | 'GCP';

/** One item as the reconciliation rules read it: the feed's amounts and the agreement it matched, if any. */
export interface ItemAggregate {
  ref: string;
  currency: string;
  otherCurrency: string;
  endUser: string | null;
  product: string | null;
  feed: FeedAmounts;
  agreement: {
    id: string;
    marketplaceAgreementId: string;
    matchedBy: string;
    valueMinor: bigint;
    currency: string;
    intent: string;
    resaleAuthorizationId: string | null;
    offerKind: string | null;
    /** The offer's payment schedule as stored (JSON text of [{ chargeDate, amount }]), or null for a single charge. */
    paymentSchedule: string | null;
    /** A channel offer's reseller markup in percent ("5.0"), or null. */
    markupPercent: string | null;
  } | null;
}

export interface ItemDecision extends ReconciliationResult {
  expectedGrossMinor: bigint;
  expectedNetMinor: bigint;
  feeBps: number;
  feeReason: string;
  /** Paid by instalments: the next one's charge date (YYYY-MM-DD), when the item is to be judged again. */
  nextChargeDate: string | null;
}

const unexpected = (item: ItemAggregate, reason: string): ItemDecision => ({
  ...reconcileUnexpectedItem({ reference: item.ref, feed: item.feed, currency: item.currency, reason }),
  expectedGrossMinor: 0n,
  expectedNetMinor: 0n,
  feeBps: 0,
  feeReason: 'no agreement: no fee expected',
  nextChargeDate: null,
});

/**
 * One item's verdict: the agreement's value and fee tier give what should
 * have been paid; the domain's reconcileItem compares that with the feed and
 * says why they differ. An item whose agreement is priced by usage (value 0)
 * is expected to pay out what was invoiced, less the fee. One whose offer has
 * a payment schedule is expected to have paid the instalments due by `asOf`
 * (YYYY-MM-DD), at the fee tier of the whole contract.
 */
export function reconcileFeedItem(
  cloud: FeedCloud,
  item: ItemAggregate,
  usdRates: Readonly<Record<string, string>>,
  asOf: string,
): ItemDecision {
  if (item.currency !== item.otherCurrency)
    return unexpected(item, `its rows are in two currencies, ${item.currency} and ${item.otherCurrency}`);
  const agreement = item.agreement;
  if (!agreement) {
    const byBuyer =
      item.endUser && item.product ? `, nor is there exactly one agreement of buyer ${item.endUser} for product ${item.product}` : '';
    return unexpected(item, `no agreement has the agreement_id its rows name${byBuyer}`);
  }
  if (agreement.currency !== item.currency) {
    return unexpected(item, `agreement ${agreement.marketplaceAgreementId} is in ${agreement.currency}, the feed in ${item.currency}`);
  }
  const schedule = agreementSchedule(agreement, asOf);
  if ('error' in schedule) return unexpected(item, schedule.error);
  const due = schedule.due;
  let fee;
  try {
    fee = marketplaceFee(
      {
        cloud,
        offerType: agreement.offerKind === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE',
        isChannel: agreement.offerKind === 'CHANNEL' || agreement.resaleAuthorizationId !== null,
        isRenewal: agreement.intent === 'RENEW',
        // The tier is the whole contract's: the schedule's total places an agreement whose value is not known yet (0) or short of it.
        contractValueMinor: due && due.totalMinor > agreement.valueMinor ? due.totalMinor : agreement.valueMinor,
        currency: agreement.currency,
      },
      usdRates,
    );
  } catch (error) {
    return unexpected(item, `the fee of agreement ${agreement.marketplaceAgreementId} cannot be known: ${(error as Error).message}`);
  }
  const usagePriced = agreement.valueMinor === 0n && due === null;
  // A channel sale's agreement is priced at the reseller's price; the manufacturer's feed invoices (and pays) its share of it.
  const channelShare = agreement.markupPercent !== null && !usagePriced;
  const contractGross = due ? due.dueMinor : usagePriced ? item.feed.sellerRevShareMinor : agreement.valueMinor;
  const expectedGrossMinor = channelShare ? manufacturerShareMinor(contractGross, agreement.markupPercent) : contractGross;
  const result = reconcileItem({ expectedGrossMinor, feeBps: fee.feeBps, feed: item.feed, currency: item.currency });
  const basis =
    (due ? `; ${scheduleBasis(due, asOf, agreement)}` : usagePriced ? '; priced by usage, so what was invoiced is what is expected' : '') +
    (channelShare
      ? `; a channel sale: the manufacturer's share of ${formatMinor(contractGross, agreement.currency, { withCode: true })} less the reseller's ${agreement.markupPercent}% markup`
      : '');
  return {
    ...result,
    explanation: `agreement ${agreement.marketplaceAgreementId} (${fee.reason}${basis}, matched by ${agreement.matchedBy}): ${result.explanation}`,
    expectedGrossMinor,
    expectedNetMinor: expectedGrossMinor - expectedFeeMinor(expectedGrossMinor, fee.feeBps),
    feeBps: fee.feeBps,
    feeReason: fee.reason,
    nextChargeDate: due?.nextChargeDate ?? null,
  };
}

/** An agreement's payment schedule as of `asOf`: what it has made due (null: no schedule), or why it cannot be read. */
export function agreementSchedule(
  agreement: Pick<NonNullable<ItemAggregate['agreement']>, 'paymentSchedule' | 'currency' | 'marketplaceAgreementId'>,
  asOf: string,
): { due: ScheduleDue | null } | { error: string } {
  try {
    // Stored JSON null is no schedule, as SQL NULL is.
    const schedule: unknown = agreement.paymentSchedule === null ? null : JSON.parse(agreement.paymentSchedule);
    return { due: schedule === null ? null : scheduleDueBy(schedule, asOf, agreement.currency) };
  } catch (error) {
    return { error: `the payment schedule of agreement ${agreement.marketplaceAgreementId} cannot be read: ${(error as Error).message}` };
  }
}

/** The schedule's words, and a warning when its instalments do not add up to the agreement's value. */
export function scheduleBasis(
  due: ScheduleDue,
  asOf: string,
  agreement: Pick<NonNullable<ItemAggregate['agreement']>, 'valueMinor' | 'currency'>,
): string {
  const words = describeScheduleDue(due, asOf, agreement.currency);
  if (due.totalMinor === agreement.valueMinor) return words;
  return `${words} (but the agreement's value is ${formatMinor(agreement.valueMinor, agreement.currency, { withCode: true })})`;
}

/** "EUR=1.08,GBP=1.27" -> { EUR: '1.08', GBP: '1.27' } (the format is checked by the config schema). */
export function parseUsdRates(setting: string): Record<string, string> {
  return Object.fromEntries(
    setting
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
}
