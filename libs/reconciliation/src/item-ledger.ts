import { ROW_BUCKET } from '@bridge/domain';
import { NONE, type ItemFacts } from './item-facts';
import { LineBuilder, type Lines } from './disbursement-lines.builder';
import { ItemFileLines } from './item-file-lines';
import { Interner } from './interner';
import { ITEM_SUMS, sumsAt, type DisbursementLineTotals, type ItemTotals } from './item-totals';

/** The bucket bit of each of an item's sums, in ITEM_SUMS' order. */
const TOTALS = ITEM_SUMS.map(([, bucket]) => bucket);
/** A total this large is past what the bigint columns hold (with room for the float guard's rounding). */
const LARGEST_TOTAL = 2 ** 62;
/** Rows are kept in chunks of 64K: growing never copies what is already there. */
const CHUNK_BITS = 16;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/** One chunk of current versions, column by column (33 bytes each). */
interface RowChunk {
  item: Int32Array;
  amount: BigInt64Array;
  buckets: Uint16Array;
  currency: Uint8Array;
  /** 0: no invoice date; else the date's number in `dates` plus one. */
  invoiceDate: Uint16Array;
  /** Numbered in `disbursements` and `traces`, or NONE. */
  disbursement: Int32Array;
  bankTrace: Int32Array;
  eventHash: Int32Array;
  line: Int32Array;
}

const newChunk = (): RowChunk => ({
  item: new Int32Array(1 << CHUNK_BITS),
  amount: new BigInt64Array(1 << CHUNK_BITS),
  buckets: new Uint16Array(1 << CHUNK_BITS),
  currency: new Uint8Array(1 << CHUNK_BITS),
  invoiceDate: new Uint16Array(1 << CHUNK_BITS),
  disbursement: new Int32Array(1 << CHUNK_BITS),
  bankTrace: new Int32Array(1 << CHUNK_BITS),
  eventHash: new Int32Array(1 << CHUNK_BITS),
  line: new Int32Array(1 << CHUNK_BITS),
});

/**
 * The items of a run of billing feed rows, fed in order (import, then line):
 * a later row of the same item and billing event supersedes the earlier one,
 * which is how the marketplace means its historised feed to be read, and
 * takes its place: only current versions are kept (33 bytes each). A
 * million-row import is totalled here, in memory, instead of being sorted in
 * the database.
 *
 * Supersession is found through a hash of the billing event id. Within one
 * batch of facts the ids themselves are compared, byte for byte; a match
 * with a row of an earlier batch, whose bytes are no longer kept, is taken
 * provisionally and the item is listed in `unverifiedRefs`, for matching to
 * recompute from its stored rows. Exact either way, and the bytes of a
 * million ids never have to be held.
 */
export class ItemLedger {
  /** Emptied once settled: no rows come after. */
  private readonly itemIndex = new Map<string, number>();
  private readonly refs: string[] = [];
  private readonly endUser: (string | null)[] = [];
  private readonly product: (string | null)[] = [];
  private readonly minCurrency: number[] = [];
  private readonly maxCurrency: number[] = [];
  private readonly rowCount: number[] = [];
  private readonly unverified = new Set<number>();
  /** Per unverified item, the lines of the rows it superseded on a hash match alone. */
  private readonly provisionallySuperseded = new Map<number, number[]>();
  /** The DISBURSEMENT rows' billing event ids: the lump sums the rows name. */
  readonly lumpSums = new Set<string>();

  readonly currencies = new Interner(0xff, 'currencies');
  readonly dates = new Interner(0xfffe, 'invoice dates');
  private readonly disbursements = new Interner(0x7fffffff, 'disbursements');
  readonly traces = new Interner(0x7fffffff, 'bank trace ids');

  private readonly chunks: RowChunk[] = [];
  private rows = 0;
  private table: Int32Array | null = new Int32Array(1 << 12);
  private settled: Settled | null = null;
  /** Rows that can form a disbursement line: an upper bound on the lines, to size their columns. */
  private lineRows = 0;

  get items(): number {
    return this.refs.length;
  }

  /** Items where a row matched an earlier batch's row by hash only: their totals must be recomputed from the stored rows. */
  get unverifiedRefs(): string[] {
    return [...this.unverified].map((item) => this.refs[item]);
  }

  add(facts: ItemFacts): void {
    if (this.settled) throw new Error('the ledger is settled: no rows can be added');
    while (this.chunks.length << CHUNK_BITS < this.rows + facts.rows) this.chunks.push(newChunk());
    for (const id of facts.lumpSums) this.lumpSums.add(id);
    const { strings } = facts;
    // Which of this batch's rows last wrote a version: its id's bytes are at hand to compare.
    const writtenBy = new Map<number, number>();
    // The batch's string numbers, mapped to the ledger's the first time each is met.
    const unmapped = () => new Int32Array(strings.length).fill(NONE);
    const items = unmapped();
    const currencies = unmapped();
    const dates = unmapped();
    const disbursements = unmapped();
    const traces = unmapped();
    let lastEndUser = NONE;
    let lastProduct = NONE;
    let lastItem = NONE;
    for (let i = 0; i < facts.rows; i++) {
      const ref = facts.ref[i];
      let item = items[ref];
      if (item === NONE) item = items[ref] = this.itemOf(strings[ref]);
      // A later version takes the earlier one's place: only current versions are kept.
      const r = this.versionOf(item, facts, i, writtenBy);
      writtenBy.set(r, i);
      const chunk = this.chunks[r >>> CHUNK_BITS];
      const at = r & CHUNK_MASK;
      chunk.item[at] = item;
      chunk.amount[at] = facts.amount[i];
      chunk.buckets[at] = facts.buckets[i];
      if (facts.buckets[i] & ROW_BUCKET.LINE) this.lineRows += 1;
      const c = facts.currency[i];
      let currency = currencies[c];
      if (currency === NONE) currency = currencies[c] = this.currencies.index(strings[c]);
      chunk.currency[at] = currency;
      const d = facts.invoiceDate[i];
      if (d !== NONE && dates[d] === NONE) dates[d] = this.dates.index(strings[d]);
      chunk.invoiceDate[at] = d === NONE ? 0 : dates[d] + 1;
      const disbursement = facts.disbursement[i];
      if (disbursement !== NONE && disbursements[disbursement] === NONE)
        disbursements[disbursement] = this.disbursements.index(strings[disbursement]);
      chunk.disbursement[at] = disbursement === NONE ? NONE : disbursements[disbursement];
      const trace = facts.bankTrace[i];
      if (trace !== NONE && traces[trace] === NONE) traces[trace] = this.traces.index(strings[trace]);
      chunk.bankTrace[at] = trace === NONE ? NONE : traces[trace];
      chunk.eventHash[at] = facts.eventHash[i];
      chunk.line[at] = facts.line[i];

      this.rowCount[item] += 1;
      const min = this.minCurrency[item];
      if (currency !== min && (min === NONE || this.currencies.value(currency) < this.currencies.value(min)))
        this.minCurrency[item] = currency;
      const max = this.maxCurrency[item];
      if (currency !== max && (max === NONE || this.currencies.value(currency) > this.currencies.value(max)))
        this.maxCurrency[item] = currency;
      // The highest buyer and product of the item's rows (as SQL's max would pick); the row before usually had the same.
      const endUser = facts.endUser[i];
      if (endUser !== NONE && (endUser !== lastEndUser || item !== lastItem)) {
        if (this.endUser[item] === null || strings[endUser] > (this.endUser[item] as string)) this.endUser[item] = strings[endUser];
      }
      const product = facts.product[i];
      if (product !== NONE && (product !== lastProduct || item !== lastItem)) {
        if (this.product[item] === null || strings[product] > (this.product[item] as string)) this.product[item] = strings[product];
      }
      lastEndUser = endUser;
      lastProduct = product;
      lastItem = item;
    }
  }

  /** Every item's totals. The ledger takes no more rows after this. */
  *itemTotals(): Generator<ItemTotals> {
    const settled = this.settle();
    for (let item = 0; item < this.refs.length; item++) {
      const first = settled.firstInvoiceDate[item];
      yield {
        ref: this.refs[item],
        currency: this.currencies.value(this.minCurrency[item]),
        otherCurrency: this.currencies.value(this.maxCurrency[item]),
        endUser: this.endUser[item],
        product: this.product[item],
        firstInvoiceDate: first === 0 ? null : this.dates.value(first - 1),
        ...sumsAt(settled.sums, item),
        rowCount: this.rowCount[item],
        currentCount: settled.currentCount[item],
      };
    }
  }

  /** Each item's reference, buyer, product and row count, in itemTotals' order: for what needs no totals, without computing them. */
  *itemKeys(): Generator<Pick<ItemTotals, 'ref' | 'endUser' | 'product' | 'rowCount'>> {
    for (let item = 0; item < this.refs.length; item++) {
      yield { ref: this.refs[item], endUser: this.endUser[item], product: this.product[item], rowCount: this.rowCount[item] };
    }
  }

  /** Where each item's rows are in the file (when the ledger was fed one import's rows), by the item's place in itemTotals. */
  fileLines(): ItemFileLines {
    return this.settle().fileLines;
  }

  /** The disbursements its lines are for. */
  disbursementIds(): string[] {
    const { lines } = this.settle();
    return [...new Set(Array.from(lines.disbursement.subarray(0, lines.count), (d) => this.disbursements.value(d)))];
  }

  /** Per disbursement and item: what the disbursement paid towards the item (current disbursed rows only). */
  *disbursementLines(): Generator<DisbursementLineTotals> {
    const { lines } = this.settle();
    for (let l = 0; l < lines.count; l++) {
      yield {
        disbursementId: this.disbursements.value(lines.disbursement[l]),
        ref: this.refs[lines.item[l]],
        currency: this.currencies.value(lines.currency[l]),
        net: lines.net[l],
        gross: lines.gross[l],
        fee: lines.fee[l],
        tax: lines.tax[l],
        disbursedOn: lines.day[l] === 0 ? null : this.dates.value(lines.day[l] - 1),
        bankTraceId: lines.trace[l] === NONE ? null : this.traces.value(lines.trace[l]),
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

  /**
   * Where row i of the batch goes: the place of the earlier version of its
   * item and billing event, or a new one. An earlier version written by this
   * batch is compared byte for byte; one from an earlier batch only by hash,
   * so its item is listed for recomputing.
   */
  private versionOf(item: number, facts: ItemFacts, i: number, writtenBy: Map<number, number>): number {
    const table = this.table as Int32Array;
    const mask = table.length - 1;
    const hash = facts.eventHash[i];
    for (let slot = slotOf(hash, item) & mask; ; slot = (slot + 1) & mask) {
      const held = table[slot];
      if (held === 0) {
        const r = this.rows++;
        this.chunks[r >>> CHUNK_BITS].item[r & CHUNK_MASK] = item;
        this.chunks[r >>> CHUNK_BITS].eventHash[r & CHUNK_MASK] = hash;
        table[slot] = r + 1;
        // Three quarters full at most: linear probing stays short, and the table small.
        if (this.rows * 4 > table.length * 3) this.rehash();
        return r;
      }
      const p = held - 1;
      const chunk = this.chunks[p >>> CHUNK_BITS];
      if (chunk.item[p & CHUNK_MASK] !== item || chunk.eventHash[p & CHUNK_MASK] !== hash) continue;
      const local = writtenBy.get(p);
      if (local === undefined) {
        this.unverified.add(item);
        const lines = this.provisionallySuperseded.get(item) ?? [];
        lines.push(chunk.line[p & CHUNK_MASK]);
        this.provisionallySuperseded.set(item, lines);
      } else if (!sameEvent(facts, local, i)) continue;
      return p;
    }
  }

  private rehash(): void {
    const old = this.table as Int32Array;
    const table = new Int32Array(old.length * 2);
    const mask = table.length - 1;
    for (const held of old) {
      if (held === 0) continue;
      const p = held - 1;
      const chunk = this.chunks[p >>> CHUNK_BITS];
      let slot = slotOf(chunk.eventHash[p & CHUNK_MASK], chunk.item[p & CHUNK_MASK]) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = held;
    }
    this.table = table;
  }

  /** Totals over current rows, computed once; the supersession table is let go first. */
  private settle(): Settled {
    if (this.settled) return this.settled;
    this.table = null;
    this.itemIndex.clear();
    const items = this.refs.length;
    const sums = new BigInt64Array(items * TOTALS.length);
    const magnitude = new Float64Array(items);
    const currentCount = new Int32Array(items);
    const firstInvoiceDate = new Uint16Array(items);
    const lines = new LineBuilder(items, this.lineRows);
    for (let r = 0; r < this.rows; r++) {
      const chunk = this.chunks[r >>> CHUNK_BITS];
      const at = r & CHUNK_MASK;
      const b = chunk.buckets[at];
      const item = chunk.item[at];
      currentCount[item] += 1;
      const amount = chunk.amount[at];
      if (b & 0xff) {
        magnitude[item] += Math.abs(Number(amount));
        if (magnitude[item] >= LARGEST_TOTAL)
          throw new RangeError(`item ${this.refs[item]}: its amounts add up to more than a bigint column holds`);
        for (let k = 0; k < TOTALS.length; k++) if (b & TOTALS[k]) sums[item * TOTALS.length + k] += amount;
      }
      const date = chunk.invoiceDate[at];
      if (b & ROW_BUCKET.INVOICE_DATE && date !== 0) {
        const first = firstInvoiceDate[item];
        if (first === 0 || (date !== first && this.dates.value(date - 1) < this.dates.value(first - 1))) firstInvoiceDate[item] = date;
      }
      const disbursement = chunk.disbursement[at];
      if (b & ROW_BUCKET.LINE && disbursement !== NONE)
        lines.add(item, disbursement, b, amount, chunk.currency[at], date, chunk.bankTrace[at], this);
    }
    const { chunks } = this;
    const fileLines = ItemFileLines.of(
      currentCount,
      this.rows,
      (r) => chunks[r >>> CHUNK_BITS].item[r & CHUNK_MASK],
      (r) => chunks[r >>> CHUNK_BITS].line[r & CHUNK_MASK],
      this.provisionallySuperseded,
    );
    // Their memory goes now rather than at the next full collection, which a match, with a small heap, may not reach.
    for (const chunk of this.chunks.splice(0))
      for (const column of Object.values(chunk) as ArrayBufferView[]) release(column.buffer as ArrayBuffer);
    this.settled = { sums, currentCount, firstInvoiceDate, lines: lines.done(), fileLines };
    return this.settled;
  }
}

function sameEvent(facts: ItemFacts, p: number, r: number): boolean {
  const pStart = p === 0 ? 0 : facts.eventEnd[p - 1];
  const rStart = r === 0 ? 0 : facts.eventEnd[r - 1];
  const length = facts.eventEnd[p] - pStart;
  if (facts.eventEnd[r] - rStart !== length) return false;
  // From the end: ids of one item often share a long prefix.
  for (let i = length - 1; i >= 0; i--) if (facts.eventBytes[pStart + i] !== facts.eventBytes[rStart + i]) return false;
  return true;
}

interface Settled {
  sums: BigInt64Array;
  currentCount: Int32Array;
  firstInvoiceDate: Uint16Array;
  lines: Lines;
  fileLines: ItemFileLines;
}

function slotOf(hash: number, item: number): number {
  return Math.imul(hash ^ Math.imul(item + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
}

/**
 * Frees an ArrayBuffer's memory at once: moving it detaches it here, and the
 * copy it moves into is young and unreferenced, so the next minor collection
 * takes it. (Rows' chunks outlive many collections and sit in the old
 * generation, where they would stay until a full one.)
 */
function release(buffer: ArrayBuffer): void {
  structuredClone(buffer, { transfer: [buffer] });
}
