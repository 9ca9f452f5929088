import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Cloud } from '@bridge/database';
import { agreementsQuery } from './reconciliation-match.sql';

const NEWLINE = 0x0a;
const TAB = 0x09;

/**
 * The agreement each touched item matched, by ledger position: the rest of
 * its COPY line (AGREEMENT_COLUMNS), kept as bytes outside the JavaScript
 * heap (a hundred and fifty thousand agreements are some 15 MB of text) and
 * turned into a string only when the item is reconciled.
 */
export class MatchedAgreements {
  private bytes: Buffer;
  private used = 0;
  private readonly start: Int32Array;
  private readonly end: Int32Array;

  private constructor(items: number) {
    // An agreement line is about a hundred bytes: sized for all of them, it seldom grows.
    this.bytes = Buffer.allocUnsafe(Math.max(1 << 16, items * 112));
    this.start = new Int32Array(items).fill(-1);
    this.end = new Int32Array(items);
  }

  static async load(db: pg.PoolClient, cloud: Cloud, items: number): Promise<MatchedAgreements> {
    const found = new MatchedAgreements(items);
    for await (const chunk of db.query(copyTo(agreementsQuery(cloud))) as AsyncIterable<Buffer>) found.append(chunk);
    found.index();
    return found;
  }

  /** Item `item`'s agreement line, or null when it matched none. */
  of(item: number): string | null {
    const start = this.start[item];
    return start < 0 ? null : this.bytes.toString('utf8', start, this.end[item]);
  }

  private append(chunk: Buffer) {
    if (this.used + chunk.length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(Math.ceil(this.bytes.length * 1.5), this.used + chunk.length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    chunk.copy(this.bytes, this.used);
    this.used += chunk.length;
  }

  /** Each line is the item's ledger position, a tab, then the agreement's columns. */
  private index() {
    for (let at = 0; at < this.used; ) {
      const lineEnd = this.bytes.indexOf(NEWLINE, at);
      const stop = lineEnd < 0 ? this.used : lineEnd;
      let item = 0;
      let i = at;
      for (; this.bytes[i] !== TAB; i++) item = item * 10 + (this.bytes[i] - 0x30);
      // The first agreement wins should an item ever match two (the id is unique per cloud, so it does not).
      if (this.start[item] < 0) {
        this.start[item] = i + 1;
        this.end[item] = stop;
      }
      at = stop + 1;
    }
  }
}
