import { ROW_BUCKET } from '@bridge/domain';

/** One item's totals over the current version of each of its billing events. */
export interface ItemTotals {
  ref: string;
  /** The lowest and highest currency of all its rows: two different ones make the item unexpected. */
  currency: string;
  otherCurrency: string;
  endUser: string | null;
  product: string | null;
  firstInvoiceDate: string | null;
  invoiced: bigint;
  fee: bigint;
  refunds: bigint;
  tax: bigint;
  /** Invoiced or forgiven, not tax, shown for information only (balance_impacting 0): stored as uncollected_minor. */
  informational: bigint;
  /** Invoiced or forgiven, not tax, counted toward the seller's balance: stored as collected_net_minor. */
  balance: bigint;
  disbursed: bigint;
  disbursedGross: bigint;
  /** Rows of every version, and current rows (one per billing event). */
  rowCount: number;
  currentCount: number;
}

/** What one disbursement paid towards one item. */
export interface DisbursementLineTotals {
  disbursementId: string;
  ref: string;
  currency: string;
  net: bigint;
  gross: bigint;
  fee: bigint;
  /** The seller's tax share paid with the item (part of the lump sum, not of the net). */
  tax: bigint;
  disbursedOn: string | null;
  bankTraceId: string | null;
}

/** An item's eight sums, each with the ROW_BUCKET bit of the rows it adds up, in the order they are kept in. */
export const ITEM_SUMS = [
  ['invoiced', ROW_BUCKET.INVOICED],
  ['fee', ROW_BUCKET.FEE],
  ['refunds', ROW_BUCKET.REFUND],
  ['tax', ROW_BUCKET.TAX],
  ['informational', ROW_BUCKET.INFORMATIONAL],
  ['balance', ROW_BUCKET.BALANCE],
  ['disbursed', ROW_BUCKET.DISBURSED],
  ['disbursedGross', ROW_BUCKET.DISBURSED_GROSS],
] as const;

export type ItemSums = Pick<ItemTotals, (typeof ITEM_SUMS)[number][0]>;

/** Item `item`'s sums, from an array that holds ITEM_SUMS.length of them per item. */
export function sumsAt(sums: BigInt64Array, item: number): ItemSums {
  const at = item * ITEM_SUMS.length;
  return {
    invoiced: sums[at],
    fee: sums[at + 1],
    refunds: sums[at + 2],
    tax: sums[at + 3],
    informational: sums[at + 4],
    balance: sums[at + 5],
    disbursed: sums[at + 6],
    disbursedGross: sums[at + 7],
  };
}
