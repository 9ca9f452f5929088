import { ROW_BUCKET } from '@bridge/domain';
import { NONE, type ItemFacts } from './item-facts';

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
  uncollected: bigint;
  collected: bigint;
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
  disbursedOn: string | null;
  bankTraceId: string | null;
}

/** The item totals, in the order of ROW_BUCKET's first eight bits. */
const TOTALS = [ROW_BUCKET.INVOICED, ROW_BUCKET.FEE, ROW_BUCKET.REFUND, ROW_BUCKET.TAX, ROW_BUCKET.UNCOLLECTED, ROW_BUCKET.COLLECTED, ROW_BUCKET.DISBURSED, ROW_BUCKET.DISBURSED_GROSS];
const SUPERSEDED = 1 << 15;
/** A total this large is past what the bigint columns hold (with room for the float guard's rounding). */
const LARGEST_TOTAL = 2 ** 62;

/**
 * The items of a run of billing feed rows, fed in order (import, then line):
 * a later row of the same item and billing event supersedes the earlier one,
 * compared byte for byte, so the historised feed is read as the marketplace
 * means it. Rows are kept column by column in typed arrays (about 40 bytes a
 * row while rows come in, 25 once supersession is settled), so a
 * million-row import is matched in memory without sorting it in the
 * database.
 */
export class ItemLedger {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  private readonly refs: string[] = [];
  private readonly endUser: (string | null)[] = [];
  private readonly product: (string | null)[] = [];
  private readonly minCurrency: number[] = [];
  private readonly maxCurrency: number[] = [];
  private readonly rowCount: number[] = [];

  private rows = 0;
  private capacity = 0;
  private rowItem = new Int32Array(0);
  private amount = new BigInt64Array(0);
  private buckets = new Uint16Array(0);
  private currency = new Int32Array(0);
  private invoiceDate = new Int32Array(0);
  private disbursement = new Int32Array(0);
  private bankTrace = new Int32Array(0);
  // Supersession, dropped once the rows are all in.
  private eventHash = new Int32Array(0);
  private eventEnd = new Uint32Array(0);
  private eventBytes = new Uint8Array(0);
  private bytesUsed = 0;
  private table = new Int32Array(1 << 10);
  private entries = 0;
  private settled: Settled | null = null;

  get items(): number {
    return this.refs.length;
  }

  /** Every item's reference, in order of first appearance. */
  get references(): readonly string[] {
    return this.refs;
  }

  add(facts: ItemFacts): void {
    if (this.settled) throw new Error('the ledger is settled: no rows can be added');
    this.reserve(this.rows + facts.rows, this.bytesUsed + facts.eventBytes.length);
    const global = new Int32Array(facts.strings.length).fill(-2);
    const items = new Int32Array(facts.strings.length).fill(NONE);
    const interned = (local: number) => (local === NONE ? NONE : global[local] !== -2 ? global[local] : (global[local] = this.intern(facts.strings[local])));
    this.eventBytes.set(facts.eventBytes, this.bytesUsed);
    for (let i = 0; i < facts.rows; i++) {
      const r = this.rows++;
      const refLocal = facts.ref[i];
      let item = items[refLocal];
      if (item === NONE) item = items[refLocal] = this.itemOf(facts.strings[refLocal]);
      this.rowItem[r] = item;
      this.amount[r] = facts.amount[i];
      this.buckets[r] = facts.buckets[i];
      const currency = interned(facts.currency[i]);
      this.currency[r] = currency;
      this.invoiceDate[r] = interned(facts.invoiceDate[i]);
      this.disbursement[r] = interned(facts.disbursement[i]);
      this.bankTrace[r] = interned(facts.bankTrace[i]);
      this.rowCount[item] += 1;
      if (currency !== this.minCurrency[item] && (this.minCurrency[item] === NONE || this.strings[currency] < this.strings[this.minCurrency[item]])) this.minCurrency[item] = currency;
      if (currency !== this.maxCurrency[item] && (this.maxCurrency[item] === NONE || this.strings[currency] > this.strings[this.maxCurrency[item]])) this.maxCurrency[item] = currency;
      const endUser = facts.endUser[i];
      if (endUser !== NONE && (this.endUser[item] === null || facts.strings[endUser] > (this.endUser[item] as string))) this.endUser[item] = facts.strings[endUser];
      const product = facts.product[i];
      if (product !== NONE && (this.product[item] === null || facts.strings[product] > (this.product[item] as string))) this.product[item] = facts.strings[product];
      this.eventHash[r] = facts.eventHash[i];
      this.eventEnd[r] = this.bytesUsed + facts.eventEnd[i];
      this.supersede(r);
    }
    this.bytesUsed += facts.eventBytes.length;
  }

  /** Row counts so far: every version, and the versions later rows replaced. */
  get rowsSeen(): number {
    return this.rows;
  }

  /** Every item's totals. The ledger takes no more rows after this. */
  *itemTotals(): Generator<ItemTotals> {
    const settled = this.settle();
    for (let item = 0; item < this.refs.length; item++) {
      const sum = (k: number) => settled.sums[item * TOTALS.length + k];
      yield {
        ref: this.refs[item],
        currency: this.strings[this.minCurrency[item]],
        otherCurrency: this.strings[this.maxCurrency[item]],
        endUser: this.endUser[item],
        product: this.product[item],
        firstInvoiceDate: settled.firstInvoiceDate[item] === NONE ? null : this.strings[settled.firstInvoiceDate[item]],
        invoiced: sum(0),
        fee: sum(1),
        refunds: sum(2),
        tax: sum(3),
        uncollected: sum(4),
        collected: sum(5),
        disbursed: sum(6),
        disbursedGross: sum(7),
        rowCount: this.rowCount[item],
        currentCount: settled.currentCount[item],
      };
    }
  }

  /** Per disbursement and item: what the disbursement paid towards the item (current disbursed rows only). */
  *disbursementLines(): Generator<DisbursementLineTotals> {
    const { lines } = this.settle();
    for (let l = 0; l < lines.item.length; l++) {
      yield {
        disbursementId: this.strings[lines.disbursement[l]],
        ref: this.refs[lines.item[l]],
        currency: this.strings[lines.currency[l]],
        net: lines.net[l],
        gross: lines.gross[l],
        fee: lines.fee[l],
        disbursedOn: lines.day[l] === NONE ? null : this.strings[lines.day[l]],
        bankTraceId: lines.trace[l] === NONE ? null : this.strings[lines.trace[l]],
      };
    }
  }

  private itemOf(ref: string): number {
    let item = this.itemIndex.get(ref);
    if (item === undefined) {
      item = this.refs.length;
      this.itemIndex.set(ref, item);
      this.refs.push(ref);
      this.endUser.push(null);
      this.product.push(null);
      this.minCurrency.push(NONE);
      this.maxCurrency.push(NONE);
      this.rowCount.push(0);
    }
    return item;
  }

  private intern(value: string): number {
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, index);
    }
    return index;
  }

  /** Row r replaces the earlier row of its item with the same billing event id, if there is one. */
  private supersede(r: number): void {
    const mask = this.table.length - 1;
    const item = this.rowItem[r];
    const hash = this.eventHash[r];
    for (let slot = slotOf(hash, item) & mask; ; slot = (slot + 1) & mask) {
      const held = this.table[slot];
      if (held === 0) {
        this.table[slot] = r + 1;
        if (++this.entries * 2 > this.table.length) this.rehash();
        return;
      }
      const p = held - 1;
      if (this.rowItem[p] === item && this.eventHash[p] === hash && this.sameEvent(p, r)) {
        this.buckets[p] |= SUPERSEDED;
        this.table[slot] = r + 1;
        return;
      }
    }
  }

  private sameEvent(p: number, r: number): boolean {
    const pStart = p === 0 ? 0 : this.eventEnd[p - 1];
    const rStart = r === 0 ? 0 : this.eventEnd[r - 1];
    const length = this.eventEnd[p] - pStart;
    if (this.eventEnd[r] - rStart !== length) return false;
    // From the end: ids of one item often share a long prefix.
    for (let i = length - 1; i >= 0; i--) if (this.eventBytes[pStart + i] !== this.eventBytes[rStart + i]) return false;
    return true;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    const mask = this.table.length - 1;
    for (const held of old) {
      if (held === 0) continue;
      const p = held - 1;
      let slot = slotOf(this.eventHash[p], this.rowItem[p]) & mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & mask;
      this.table[slot] = held;
    }
  }

  private reserve(rows: number, bytes: number): void {
    if (bytes > this.eventBytes.length) this.eventBytes = grown(this.eventBytes, Math.max(bytes, this.eventBytes.length * 2), this.bytesUsed);
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, this.capacity * 2, 1024);
    this.rowItem = grown(this.rowItem, capacity, this.rows);
    this.amount = grown(this.amount, capacity, this.rows);
    this.buckets = grown(this.buckets, capacity, this.rows);
    this.currency = grown(this.currency, capacity, this.rows);
    this.invoiceDate = grown(this.invoiceDate, capacity, this.rows);
    this.disbursement = grown(this.disbursement, capacity, this.rows);
    this.bankTrace = grown(this.bankTrace, capacity, this.rows);
    this.eventHash = grown(this.eventHash, capacity, this.rows);
    this.eventEnd = grown(this.eventEnd, capacity, this.rows);
    this.capacity = capacity;
  }

  /** Totals over current rows, computed once; what only supersession needed is let go first. */
  private settle(): Settled {
    if (this.settled) return this.settled;
    this.eventBytes = new Uint8Array(0);
    this.eventHash = new Int32Array(0);
    this.eventEnd = new Uint32Array(0);
    this.table = new Int32Array(0);
    const items = this.refs.length;
    const sums = new BigInt64Array(items * TOTALS.length);
    const magnitude = new Float64Array(items);
    const currentCount = new Int32Array(items);
    const firstInvoiceDate = new Int32Array(items).fill(NONE);
    const lines = new LineBuilder(items);
    for (let r = 0; r < this.rows; r++) {
      const b = this.buckets[r];
      if (b & SUPERSEDED) continue;
      const item = this.rowItem[r];
      currentCount[item] += 1;
      const amount = this.amount[r];
      if (b & 0xff) {
        magnitude[item] += Math.abs(Number(amount));
        if (magnitude[item] >= LARGEST_TOTAL) throw new RangeError(`item ${this.refs[item]}: its amounts add up to more than a bigint column holds`);
        for (let k = 0; k < TOTALS.length; k++) if (b & TOTALS[k]) sums[item * TOTALS.length + k] += amount;
      }
      const date = this.invoiceDate[r];
      if (b & ROW_BUCKET.INVOICE_DATE && date !== NONE) {
        const first = firstInvoiceDate[item];
        if (first === NONE || (date !== first && this.strings[date] < this.strings[first])) firstInvoiceDate[item] = date;
      }
      if (b & ROW_BUCKET.LINE && this.disbursement[r] !== NONE) lines.add(r, item, b, this);
    }
    this.settled = { sums, currentCount, firstInvoiceDate, lines: lines.done() };
    return this.settled;
  }

  /** @internal for LineBuilder */
  row(r: number) {
    return { amount: this.amount[r], currency: this.currency[r], day: this.invoiceDate[r], disbursement: this.disbursement[r], trace: this.bankTrace[r] };
  }

  /** @internal for LineBuilder: string order of two interned values (NONE lowest). */
  greater(a: number, b: number): boolean {
    if (a === b || a === NONE) return false;
    return b === NONE || this.strings[a] > this.strings[b];
  }
}

interface Settled {
  sums: BigInt64Array;
  currentCount: Int32Array;
  firstInvoiceDate: Int32Array;
  lines: Lines;
}

interface Lines {
  item: number[];
  disbursement: number[];
  currency: number[];
  net: bigint[];
  gross: bigint[];
  fee: bigint[];
  day: number[];
  trace: number[];
}

/** Disbursement lines as rows are settled; an item's lines are chained, and an item has one or two. */
class LineBuilder {
  private readonly first: Int32Array;
  private readonly next: number[] = [];
  private readonly lines: Lines = { item: [], disbursement: [], currency: [], net: [], gross: [], fee: [], day: [], trace: [] };

  constructor(items: number) {
    this.first = new Int32Array(items).fill(NONE);
  }

  add(r: number, item: number, buckets: number, ledger: ItemLedger): void {
    const row = ledger.row(r);
    const l = this.lineOf(item, row.disbursement, row.currency);
    const lines = this.lines;
    if (ledger.greater(lines.currency[l], row.currency)) lines.currency[l] = row.currency;
    if (buckets & ROW_BUCKET.LINE_NET) lines.net[l] += row.amount;
    if (buckets & ROW_BUCKET.LINE_GROSS) lines.gross[l] += row.amount;
    if (buckets & ROW_BUCKET.LINE_FEE) lines.fee[l] += row.amount;
    if (ledger.greater(row.day, lines.day[l])) lines.day[l] = row.day;
    if (ledger.greater(row.trace, lines.trace[l])) lines.trace[l] = row.trace;
  }

  done(): Lines {
    return this.lines;
  }

  private lineOf(item: number, disbursement: number, currency: number): number {
    for (let l = this.first[item]; l !== NONE; l = this.next[l]) if (this.lines.disbursement[l] === disbursement) return l;
    const l = this.lines.item.length;
    const lines = this.lines;
    lines.item.push(item);
    lines.disbursement.push(disbursement);
    lines.currency.push(currency);
    lines.net.push(0n);
    lines.gross.push(0n);
    lines.fee.push(0n);
    lines.day.push(NONE);
    lines.trace.push(NONE);
    this.next.push(this.first[item]);
    this.first[item] = l;
    return l;
  }
}

function slotOf(hash: number, item: number): number {
  return Math.imul(hash ^ Math.imul(item + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
}

function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | BigInt64Array>(array: T, length: number, used: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array.subarray(0, used) as never);
  return bigger;
}
