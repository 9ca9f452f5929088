/**
 * Where an import's rows of each item are in its file: the lines that
 * billing_feed_item records, so that matching a later import can read an
 * item's stored rows back without an index over every row (which cost
 * PostgreSQL more than a third of a large import's COPY).
 *
 * Only current versions are listed: a row superseded by a later row of the
 * same import is never current again, whatever comes later. A row the
 * ledger superseded on a hash match alone (its item is recomputed) is listed
 * too, as it may be a different billing event after all.
 */
export class ItemFileLines {
  private constructor(
    /** Item i's lines are lines[start[i]] up to lines[start[i + 1]]. */
    private readonly start: Int32Array,
    private readonly lines: Int32Array,
    private readonly provisional: Map<number, number[]>,
  ) {}

  /**
   * From the current rows' items and lines (`itemAt(r)`, `lineAt(r)` for r
   * below `rows`), with `counts` of current rows per item.
   */
  static of(
    counts: Int32Array,
    rows: number,
    itemAt: (r: number) => number,
    lineAt: (r: number) => number,
    provisional: Map<number, number[]>,
  ): ItemFileLines {
    const start = new Int32Array(counts.length + 1);
    for (let item = 0; item < counts.length; item++) start[item + 1] = start[item] + counts[item];
    const next = start.slice(0, counts.length);
    const lines = new Int32Array(rows);
    for (let r = 0; r < rows; r++) lines[next[itemAt(r)]++] = lineAt(r);
    return new ItemFileLines(start, lines, provisional);
  }

  /** The item's lines, ascending, each once (one line of an Azure payout report gives an item several rows). */
  of(item: number): number[] {
    const own = Array.from(this.lines.subarray(this.start[item], this.start[item + 1]));
    const all = own.concat(this.provisional.get(item) ?? []).sort((a, b) => a - b);
    return all.filter((line, i) => i === 0 || line !== all[i - 1]);
  }
}
