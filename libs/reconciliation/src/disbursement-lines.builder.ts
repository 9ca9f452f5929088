import { ROW_BUCKET } from '@bridge/domain';
import type { Interner } from './interner';
import { NONE } from './item-facts';

/** Disbursement lines, column by column; `count` of them are in use. */
export interface Lines {
  count: number;
  item: Int32Array;
  disbursement: Int32Array;
  currency: Uint8Array;
  net: BigInt64Array;
  gross: BigInt64Array;
  fee: BigInt64Array;
  tax: BigInt64Array;
  day: Uint16Array;
  trace: Int32Array;
}

/** The interned values a line compares: the lowest currency, the latest date, the highest trace id (as SQL's min and max would). */
export interface LineOrder {
  currencies: Interner;
  dates: Interner;
  traces: Interner;
}

/** Disbursement lines as rows are settled; an item's lines are chained (an item has one or two). */
export class LineBuilder {
  private readonly first: Int32Array;
  private readonly next: Int32Array;
  private readonly lines: Lines;

  constructor(items: number, most: number) {
    this.first = new Int32Array(items).fill(NONE);
    this.next = new Int32Array(most);
    this.lines = {
      count: 0,
      item: new Int32Array(most),
      disbursement: new Int32Array(most),
      currency: new Uint8Array(most),
      net: new BigInt64Array(most),
      gross: new BigInt64Array(most),
      fee: new BigInt64Array(most),
      tax: new BigInt64Array(most),
      day: new Uint16Array(most),
      trace: new Int32Array(most),
    };
  }

  add(
    item: number,
    disbursement: number,
    buckets: number,
    amount: bigint,
    currency: number,
    day: number,
    trace: number,
    order: LineOrder,
  ): void {
    const l = this.lineOf(item, disbursement, currency);
    const lines = this.lines;
    if (currency !== lines.currency[l] && order.currencies.value(currency) < order.currencies.value(lines.currency[l]))
      lines.currency[l] = currency;
    if (buckets & ROW_BUCKET.LINE_NET) lines.net[l] += amount;
    if (buckets & ROW_BUCKET.LINE_GROSS) lines.gross[l] += amount;
    if (buckets & ROW_BUCKET.LINE_FEE) lines.fee[l] += amount;
    if (buckets & ROW_BUCKET.LINE_TAX) lines.tax[l] += amount;
    if (day !== 0 && day !== lines.day[l] && (lines.day[l] === 0 || order.dates.value(day - 1) > order.dates.value(lines.day[l] - 1)))
      lines.day[l] = day;
    if (
      trace !== NONE &&
      trace !== lines.trace[l] &&
      (lines.trace[l] === NONE || order.traces.value(trace) > order.traces.value(lines.trace[l]))
    )
      lines.trace[l] = trace;
  }

  done(): Lines {
    return this.lines;
  }

  private lineOf(item: number, disbursement: number, currency: number): number {
    for (let l = this.first[item]; l !== NONE; l = this.next[l]) if (this.lines.disbursement[l] === disbursement) return l;
    const lines = this.lines;
    const l = lines.count++;
    lines.item[l] = item;
    lines.disbursement[l] = disbursement;
    lines.currency[l] = currency;
    lines.trace[l] = NONE;
    this.next[l] = this.first[item];
    this.first[item] = l;
    return l;
  }
}
