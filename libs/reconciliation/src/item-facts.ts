import { billingRowBuckets, itemAmountMinor } from '@bridge/domain';
import type { FeedRow } from './feed-row.model';

/** The part of a billing feed row that matching reads: a parsed FeedRow has it, and so does a row read back from the table. */
export type ItemFactSource = Pick<
  FeedRow,
  | 'transactionReferenceId'
  | 'billingEventId'
  | 'action'
  | 'transactionType'
  | 'amountMinor'
  | 'currency'
  | 'balanceImpacting'
  | 'invoiceDate'
  | 'endUserAccountId'
  | 'productId'
  | 'disbursementBillingEventId'
  | 'bankTraceId'
>;

/**
 * What matching needs of a run of item rows (rows with a transaction
 * reference), column by column in typed arrays: cheap to build where the
 * rows are parsed, and moved, not copied, from a parser thread. Strings are
 * indexes into `strings` (-1 for none); billing event ids are kept as UTF-8
 * bytes, which is all supersession compares.
 */
export interface ItemFacts {
  rows: number;
  /** The billing event ids of the DISBURSEMENT rows (the lump sums, which belong to no item). */
  lumpSums: string[];
  strings: string[];
  ref: Int32Array;
  amount: BigInt64Array;
  buckets: Uint16Array;
  currency: Int32Array;
  invoiceDate: Int32Array;
  endUser: Int32Array;
  product: Int32Array;
  disbursement: Int32Array;
  bankTrace: Int32Array;
  eventHash: Int32Array;
  /** The file line each row came from: where its stored row is found again (see billing_feed_item). */
  line: Int32Array;
  /** Where each row's billing event id ends in eventBytes (it starts where the previous one ends). */
  eventEnd: Uint32Array;
  eventBytes: Uint8Array;
}

export const NONE = -1;
const encoder = new TextEncoder();

/** FNV-1a over the UTF-16 code units: the same id hashes the same wherever its facts were built. */
export function eventIdHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** Collects the facts of item rows in order; `build` hands them over and starts afresh. */
export class ItemFactsBuilder {
  private capacity: number;
  private rows = 0;
  private strings: string[] = [];
  private lumpSums: string[] = [];
  private stringIndex = new Map<string, number>();
  /** Per column, the last value and its number: an item's rows mostly repeat the row before, and are numbered without a look-up. */
  private readonly lastValue: (string | null)[] = [];
  private readonly lastNumber: number[] = [];
  private bytesUsed = 0;
  private a!: Omit<ItemFacts, 'rows' | 'strings' | 'lumpSums'>;

  constructor(initialRows = 1024) {
    this.capacity = Math.max(16, initialRows);
    this.a = allocate(this.capacity, this.capacity * 24);
  }

  get size(): number {
    return this.rows;
  }

  add(row: ItemFactSource, line: number): void {
    if (row.transactionReferenceId === '') {
      // Account-level rows belong to no item; a lump sum's own row is where its stated amount is.
      if (row.transactionType === 'DISBURSEMENT') this.lumpSums.push(row.billingEventId);
      return;
    }
    if (this.rows === this.capacity) this.grow();
    const r = this.rows++;
    const a = this.a;
    a.ref[r] = this.intern(0, row.transactionReferenceId);
    // Totalled in the item's terms: a disbursed row counts as what it paid (it negates the row it pays).
    a.amount[r] = itemAmountMinor(row.action, row.transactionType, BigInt(row.amountMinor));
    a.buckets[r] = billingRowBuckets(row.action, row.transactionType, row.balanceImpacting);
    a.currency[r] = this.intern(1, row.currency);
    a.invoiceDate[r] = this.intern(2, row.invoiceDate);
    a.endUser[r] = this.intern(3, row.endUserAccountId);
    a.product[r] = this.intern(4, row.productId);
    a.disbursement[r] = this.intern(5, row.disbursementBillingEventId);
    a.bankTrace[r] = this.intern(6, row.bankTraceId);
    const id = row.billingEventId;
    a.eventHash[r] = eventIdHash(id);
    a.line[r] = line;
    // Ids are ASCII in practice and are written byte by byte; anything else goes through the encoder.
    if (this.bytesUsed + id.length * 3 > a.eventBytes.length) this.growBytes(id.length * 3);
    let at = this.bytesUsed;
    let ascii = true;
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i);
      if (code > 0x7f) {
        ascii = false;
        break;
      }
      a.eventBytes[at++] = code;
    }
    if (!ascii) at = this.bytesUsed + encoder.encodeInto(id, a.eventBytes.subarray(this.bytesUsed)).written;
    this.bytesUsed = at;
    a.eventEnd[r] = at;
  }

  /**
   * The facts collected so far, in arrays of their own. They share one
   * buffer, widest elements first so that every view is aligned: moving them
   * to another thread is one transfer, not thirteen.
   */
  build(): ItemFacts {
    const n = this.rows;
    const a = this.a;
    const bytes = n * (8 + 4 * 10 + 2) + this.bytesUsed;
    const buffer = new ArrayBuffer(bytes);
    let offset = 0;
    const take = <T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | BigInt64Array>(from: T, length: number): T => {
      const view = new (from.constructor as new (b: ArrayBuffer, o: number, l: number) => T)(buffer, offset, length);
      view.set(from.subarray(0, length) as never);
      offset += length * from.BYTES_PER_ELEMENT;
      return view;
    };
    const facts: ItemFacts = {
      rows: n,
      lumpSums: this.lumpSums,
      strings: this.strings,
      amount: take(a.amount, n),
      ref: take(a.ref, n),
      currency: take(a.currency, n),
      invoiceDate: take(a.invoiceDate, n),
      endUser: take(a.endUser, n),
      product: take(a.product, n),
      disbursement: take(a.disbursement, n),
      bankTrace: take(a.bankTrace, n),
      eventHash: take(a.eventHash, n),
      line: take(a.line, n),
      eventEnd: take(a.eventEnd, n),
      buckets: take(a.buckets, n),
      eventBytes: take(a.eventBytes, this.bytesUsed),
    };
    this.rows = 0;
    this.bytesUsed = 0;
    this.strings = [];
    this.lumpSums = [];
    this.stringIndex = new Map();
    this.lastValue.length = 0;
    this.lastNumber.length = 0;
    return facts;
  }

  private intern(column: number, value: string | null): number {
    if (value === null) return NONE;
    if (value === this.lastValue[column]) return this.lastNumber[column];
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, index);
    }
    this.lastValue[column] = value;
    this.lastNumber[column] = index;
    return index;
  }

  private grow() {
    const bigger = allocate(this.capacity * 2, 0);
    for (const key of Object.keys(bigger) as (keyof typeof bigger)[]) {
      if (key !== 'eventBytes') (bigger[key] as { set(a: ArrayLike<unknown>): void }).set(this.a[key] as never);
    }
    bigger.eventBytes = this.a.eventBytes;
    this.a = bigger;
    this.capacity *= 2;
  }

  private growBytes(atLeast: number) {
    const bytes = new Uint8Array(Math.max(this.a.eventBytes.length * 2, this.bytesUsed + atLeast));
    bytes.set(this.a.eventBytes.subarray(0, this.bytesUsed));
    this.a.eventBytes = bytes;
  }
}

function allocate(rows: number, bytes: number): Omit<ItemFacts, 'rows' | 'strings' | 'lumpSums'> {
  return {
    ref: new Int32Array(rows),
    amount: new BigInt64Array(rows),
    buckets: new Uint16Array(rows),
    currency: new Int32Array(rows),
    invoiceDate: new Int32Array(rows),
    endUser: new Int32Array(rows),
    product: new Int32Array(rows),
    disbursement: new Int32Array(rows),
    bankTrace: new Int32Array(rows),
    eventHash: new Int32Array(rows),
    line: new Int32Array(rows),
    eventEnd: new Uint32Array(rows),
    eventBytes: new Uint8Array(bytes),
  };
}

/** The one buffer a set of facts is in, to move it to another thread rather than copy it. */
export const factBuffers = (facts: ItemFacts): ArrayBuffer[] => [facts.amount.buffer as ArrayBuffer];
