import { copyTextFields } from './copy-text.lines';
import { ITEM_SUMS, sumsAt, type ItemTotals } from './item-totals';
import { itemLines, type ItemLines, type ItemLinesContext, type ItemToReconcile } from './item-lines.reconciler';

/**
 * Items on their way to the reconciling thread, column by column: strings
 * in arrays and numbers in typed arrays clone and move cheaply, where a
 * thousand objects of bigints would not, and leave little behind on the
 * sending side.
 */
export interface ItemBatch {
  refs: string[];
  currencies: string[];
  otherCurrencies: string[];
  endUsers: (string | null)[];
  products: (string | null)[];
  firstInvoiceDates: (string | null)[];
  /** ITEM_SUMS.length per item, in its order. */
  sums: BigInt64Array;
  /** Rows of every version, then current rows, per item. */
  counts: Int32Array;
  /** The matched agreement as the rest of its COPY line (AGREEMENT_COLUMNS), or null. */
  agreements: (string | null)[];
}

export class ItemBatchBuilder {
  private batch: ItemBatch;
  private n = 0;

  constructor(private readonly capacity: number) {
    this.batch = emptyBatch(capacity);
  }

  get size(): number {
    return this.n;
  }

  push(t: ItemTotals, agreement: string | null): void {
    const b = this.batch;
    const i = this.n++;
    b.refs.push(t.ref);
    b.currencies.push(t.currency);
    b.otherCurrencies.push(t.otherCurrency);
    b.endUsers.push(t.endUser);
    b.products.push(t.product);
    b.firstInvoiceDates.push(t.firstInvoiceDate);
    for (let k = 0; k < ITEM_SUMS.length; k++) b.sums[i * ITEM_SUMS.length + k] = t[ITEM_SUMS[k][0]];
    b.counts[i * 2] = t.rowCount;
    b.counts[i * 2 + 1] = t.currentCount;
    b.agreements.push(agreement);
  }

  take(): ItemBatch {
    const b = this.batch;
    const taken = { ...b, sums: b.sums.slice(0, this.n * ITEM_SUMS.length), counts: b.counts.slice(0, this.n * 2) };
    this.batch = emptyBatch(this.capacity);
    this.n = 0;
    return taken;
  }
}

function emptyBatch(capacity: number): ItemBatch {
  return {
    refs: [],
    currencies: [],
    otherCurrencies: [],
    endUsers: [],
    products: [],
    firstInvoiceDates: [],
    sums: new BigInt64Array(capacity * ITEM_SUMS.length),
    counts: new Int32Array(capacity * 2),
    agreements: [],
  };
}

/** The batch's items as the reconciliation reads them. */
export function* itemsOf(b: ItemBatch): Generator<ItemToReconcile> {
  for (let i = 0; i < b.refs.length; i++) {
    const agreement = b.agreements[i];
    yield {
      totals: {
        ref: b.refs[i],
        currency: b.currencies[i],
        otherCurrency: b.otherCurrencies[i],
        endUser: b.endUsers[i],
        product: b.products[i],
        firstInvoiceDate: b.firstInvoiceDates[i],
        ...sumsAt(b.sums, i),
        rowCount: b.counts[i * 2],
        currentCount: b.counts[i * 2 + 1],
      },
      agreement: agreement === null ? null : copyTextFields(agreement),
    };
  }
}

/** A batch reconciled into reconciliation_item rows: what the reconciling thread runs (or the caller, inline). */
export const reconcileBatch = (batch: ItemBatch, context: ItemLinesContext): ItemLines => itemLines(itemsOf(batch), context);

/** What moves to the thread instead of being copied. */
export const itemBatchBuffers = (batch: ItemBatch): ArrayBuffer[] => [batch.sums.buffer as ArrayBuffer, batch.counts.buffer as ArrayBuffer];
