import pg from 'pg';

/** One kind of statement and the wall time spent on it (ms), as this process saw it, with how many ran. */
export interface StatementTiming {
  statement: string;
  ms: number;
  count: number;
}

/**
 * Where an import's time goes, statement by statement: every query any pg
 * client of this process sends (the product's pool, Prisma's adapter) is
 * timed from send to answer, on loopback, so what it shows is PostgreSQL's
 * own time for the statement. Statements are told apart by their first
 * words (a COPY stream is not a promise and is left out: bench:reconcile
 * times a bare COPY of its own). Bench-only: it wraps pg.Client.prototype.query.
 */
export class StatementTimings {
  private readonly totals = new Map<string, StatementTiming>();
  private readonly original = pg.Client.prototype.query;

  constructor() {
    const totals = this.totals;
    const original = this.original;
    // pg's query() is overloaded; the wrapper hands every argument on untouched and only watches a returned promise.
    pg.Client.prototype.query = function timedQuery(this: pg.Client, ...args: unknown[]) {
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (!(result instanceof Promise)) return result;
      const started = process.hrtime.bigint();
      const statement = labelOf(args[0]);
      const record = () => {
        const entry = totals.get(statement) ?? { statement, ms: 0, count: 0 };
        entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
        entry.count += 1;
        totals.set(statement, entry);
      };
      result.then(record, record);
      return result;
    } as typeof pg.Client.prototype.query;
  }

  reset(): void {
    this.totals.clear();
  }

  /**
   * The costliest statements first, those above `minMs`: copies, so that what
   * runs after (the next run's imports, before the next reset) is not added to them.
   */
  top(minMs: number): StatementTiming[] {
    return [...this.totals.values()]
      .filter((t) => t.ms >= minMs)
      .map((t) => ({ ...t }))
      .sort((a, b) => b.ms - a.ms);
  }

  restore(): void {
    pg.Client.prototype.query = this.original;
  }
}

/** A statement's first words (its temp table or target named), whitespace folded. */
function labelOf(query: unknown): string {
  const text = typeof query === 'string' ? query : ((query as { text?: string } | null)?.text ?? '?');
  return text.replace(/\s+/g, ' ').trim().slice(0, 72);
}
