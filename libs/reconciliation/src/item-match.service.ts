import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { copyValue } from './copy-text.lines';
import { parseUsdRates } from './feed-item.reconciler';
import type { ItemLedger } from './item-ledger';
import type { DisbursementLineTotals, ItemTotals } from './item-totals';
import { itemBatchBuffers, ItemBatchBuilder, reconcileBatch, type ItemBatch } from './item-batch';
import { ITEM_COLUMNS, type ItemLines, type ItemLinesContext } from './item-lines.reconciler';
import {
  ANALYZE_SHARED,
  ANALYZE_TOUCHED,
  COPY_TOUCHED,
  CREATE_TOUCHED,
  DELETE_TOUCHED_ITEMS,
  DELETE_TOUCHED_LINES,
  importRowsQuery,
  COPY_ITEM_FILE_LINES,
  LINE_COLUMNS,
  pruneSupersededLines,
  REPLACE_DISBURSEMENTS,
  TOUCHED_DISBURSEMENTS,
  SHARED_ITEMS,
  SET_TOUCHED_AGREEMENTS,
  FAILED_DISBURSEMENTS,
  FAILED_IDS,
  STORED_ITEMS_BY_REF,
  UNDISBURSE_UNTOUCHED,
  SHARED_ROW_COUNTS,
  sharedRowsQuery,
  UPDATE_SHARED_TOUCHED,
} from './reconciliation-match.sql';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { PgPool } from '@bridge/postgres';
import { MatchedAgreements } from './matched-agreements';
import { ledgerOfStoredRows } from './stored-rows.ledger';
import { ThreadPool } from './thread-pool';
import { judgeStoredItems } from './stored-items.judge';
import { Utf8Sink } from './utf8-sink';

/** Items reconciled and written per COPY write. */
const ITEMS_PER_BATCH = 500;
/** Past this many items they are reconciled on a thread of their own; fewer are not worth starting one. */
const ITEMS_FOR_A_THREAD = 20_000;
/** A batch of items leaves a few MB of garbage and nothing else: a small heap keeps the thread small. */
const RECONCILER_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 16 };

/**
 * Matches what one import touched: every item (transaction reference) the
 * import has rows for is recomputed from the current version of all its rows,
 * whichever import they came from, and written in one transaction with its
 * disbursement lines. Recomputing rather than adjusting makes it idempotent:
 * a retried job, or the same rows again, gives the same items.
 *
 * The totals come from an ItemLedger: the one intake fed while it read the
 * file, or one read back from the stored rows (a queued import, a retried
 * job). Items that other imports have rows of too are recomputed from all
 * their rows, read back in superseding order.
 */
@Injectable()
export class ItemMatchService {
  private readonly usdRates: Record<string, string>;

  constructor(
    private readonly pg: PgPool,
    private readonly imports: ReconciliationImportRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.usdRates = parseUsdRates(config.RECONCILIATION_USD_RATES);
  }

  async match(importId: string, fromIntake?: ItemLedger): Promise<{ items: number; superseded: number } | null> {
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'MATCHING') return null;
    const { cloud, seq } = record;
    const run = (client: pg.PoolClient, sql: string) => client.query(sql, [cloud, seq.toString()].slice(0, highestParameter(sql)));

    return this.pg.transaction(async (db) => {
      // Matches of one cloud take turns, so two imports of the same items cannot interleave their rewrites.
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reconciliation-match:${cloud}`]);
      // Checked again under the lock: a second job for the same import (a retry, the sweep) waits there, then finds it done.
      const current = await db.query<{ status: string }>('SELECT status FROM reconciliation_import WHERE id = $1::uuid', [importId]);
      if (current.rows[0]?.status !== 'MATCHING') return null;
      await db.query(`SET LOCAL jit = off`); // compiling these plans costs more than it saves
      const ledger = fromIntake ?? (await ledgerOfStoredRows(db, importRowsQuery(seq)));

      await db.query(CREATE_TOUCHED);
      await copyIn(db, COPY_TOUCHED, touchedLines(ledger));
      await run(db, SET_TOUCHED_AGREEMENTS);
      await copyIn(db, COPY_ITEM_FILE_LINES, itemFileLines(cloud, seq, ledger));
      await db.query(ANALYZE_TOUCHED);
      const shared = await this.sharedItems(db, cloud, seq);
      await run(db, FAILED_DISBURSEMENTS);
      const failed = (await db.query<{ disbursement_id: string; first_here: boolean }>(FAILED_IDS)).rows;
      const failedPaid = paidByFailed(new Set(failed.map((f) => f.disbursement_id)), ledger, shared);
      await run(db, DELETE_TOUCHED_ITEMS);
      const earlierLines = await run(db, DELETE_TOUCHED_LINES);

      const agreements = await MatchedAgreements.load(db, cloud, ledger.items);
      const context: ItemLinesContext = { cloud, importId, now: new Date().toISOString(), usdRates: this.usdRates };
      const totals = { items: 0, superseded: 0 };
      // On a thread, the explanations' many short-lived strings are collected in that thread's small heap, and
      // the work overlaps PostgreSQL's; this thread only gathers the totals.
      const reconciler = new ThreadPool(
        'item reconciler',
        path.join(__dirname, 'item-lines.worker'),
        context,
        ledger.items > ITEMS_FOR_A_THREAD ? 1 : 0,
        reconcileBatch,
        RECONCILER_THREAD_LIMITS,
      );
      try {
        await copyIn(
          db,
          `COPY reconciliation_item (${ITEM_COLUMNS.join(', ')}) FROM STDIN`,
          itemRows(ledger, shared.items, failedPaid, agreements, reconciler, totals),
        );
      } finally {
        await reconciler.close();
      }
      await copyIn(db, `COPY reconciliation_disbursement_line (${LINE_COLUMNS.join(', ')}) FROM STDIN`, lineRows(cloud, ledger, shared));
      const newlyFailed = failed.filter((f) => f.first_here).map((f) => f.disbursement_id);
      if (newlyFailed.length > 0) await this.undisburseUntouched(db, cloud);
      const disbursements = new Set([
        ...ledger.lumpSums,
        ...ledger.disbursementIds(),
        ...shared.lines.map((l) => l.disbursementId),
        ...newlyFailed,
      ]);
      for (const row of earlierLines.rows as { disbursement_id: string }[]) disbursements.add(row.disbursement_id);
      await db.query(TOUCHED_DISBURSEMENTS, [[...disbursements]]);
      for (const sql of REPLACE_DISBURSEMENTS) await run(db, sql);
      await db.query(
        `UPDATE reconciliation_import SET status = 'COMPLETED', items_matched = $2, rows_superseded = $3, finished_at = now(), updated_at = now() WHERE id = $1::uuid`,
        [importId, totals.items, totals.superseded],
      );
      return totals;
    });
  }

  /**
   * A disbursement that failed only now also paid items this import does not
   * touch: what it paid them comes off what they count as disbursed, and
   * they are judged again from their stored totals.
   */
  private async undisburseUntouched(db: pg.PoolClient, cloud: Cloud): Promise<void> {
    const changed = await db.query<{ transaction_reference_id: string }>(UNDISBURSE_UNTOUCHED, [cloud]);
    if (!changed.rowCount) return;
    const refs = changed.rows.map((r) => r.transaction_reference_id);
    const stored = await db.query<(string | null)[]>({ text: STORED_ITEMS_BY_REF, values: [cloud, refs], rowMode: 'array' });
    await judgeStoredItems(db, cloud, stored.rows, this.usdRates, new Date().toISOString().slice(0, 10));
  }

  /** Touched items the ledger could not verify or that other imports have rows of, recomputed from all their rows. */
  private async sharedItems(db: pg.PoolClient, cloud: Cloud, seq: bigint): Promise<SharedItems> {
    const found = await db.query(SHARED_ITEMS, [cloud, seq.toString()]);
    if (!found.rowCount) return { items: new Map(), lines: [] };
    await db.query(ANALYZE_SHARED);
    await db.query(pruneSupersededLines(cloud));
    const ledger = await ledgerOfStoredRows(db, sharedRowsQuery(cloud));
    const rowCounts = await db.query<{ ref: string; rows: number }>(SHARED_ROW_COUNTS, [cloud]);
    const rowCount = new Map(rowCounts.rows.map((r) => [r.ref, r.rows]));
    const items = new Map([...ledger.itemTotals()].map((t) => [t.ref, { ...t, rowCount: rowCount.get(t.ref) ?? t.rowCount }]));
    const all = [...items.values()];
    await db.query(UPDATE_SHARED_TOUCHED, [all.map((t) => t.ref), all.map((t) => t.endUser), all.map((t) => t.product)]);
    return { items, lines: [...ledger.disbursementLines()] };
  }
}

interface SharedItems {
  items: Map<string, ItemTotals>;
  lines: DisbursementLineTotals[];
}

function copyIn(db: pg.PoolClient, sql: string, rows: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  return pipeline(Readable.from(rows), db.query(copyFrom(sql)));
}

/** Bytes per COPY write: one socket write per line would cost more than the line. */
const WRITE_BYTES = 1 << 18;

/**
 * Lines joined into ~256 KB writes, as UTF-8 as they come: kept as strings
 * until a write was full, a write's worth of lines would outlive a young
 * collection and pile up in the old generation.
 */
function* batched(lines: Iterable<string>): Generator<Uint8Array> {
  let sink = new Utf8Sink(WRITE_BYTES + (WRITE_BYTES >> 2));
  for (const line of lines) {
    sink.write(line);
    if (sink.size < WRITE_BYTES) continue;
    yield sink.done();
    sink = new Utf8Sink(WRITE_BYTES + (WRITE_BYTES >> 2));
  }
  if (sink.size > 0) yield sink.done();
}

function touchedLines(ledger: ItemLedger): Generator<Uint8Array> {
  const recompute = new Set(ledger.unverifiedRefs);
  return batched(
    (function* () {
      let item = 0;
      for (const t of ledger.itemKeys()) {
        yield `${item++}\t${copyValue(t.ref)}\t${copyValue(t.endUser)}\t${copyValue(t.product)}\t${recompute.has(t.ref) ? 't' : 'f'}\n`;
      }
    })(),
  );
}

/** billing_feed_item rows: where the import's rows of each item are, and how many it had. */
function itemFileLines(cloud: Cloud, seq: bigint, ledger: ItemLedger): Generator<Uint8Array> {
  const files = ledger.fileLines();
  return batched(
    (function* () {
      let item = 0;
      for (const t of ledger.itemKeys()) yield `${cloud}\t${copyValue(t.ref)}\t${seq}\t{${files.of(item++).join(',')}}\t${t.rowCount}\n`;
    })(),
  );
}

/** What the failed disbursements paid each touched item (net and gross), from the item's disbursement lines. */
function paidByFailed(failed: ReadonlySet<string>, ledger: ItemLedger, shared: SharedItems): Map<string, { net: bigint; gross: bigint }> {
  const paid = new Map<string, { net: bigint; gross: bigint }>();
  if (failed.size === 0) return paid;
  const add = (l: DisbursementLineTotals) => {
    if (!failed.has(l.disbursementId)) return;
    const item = paid.get(l.ref) ?? { net: 0n, gross: 0n };
    item.net += l.net;
    item.gross += l.gross;
    paid.set(l.ref, item);
  };
  for (const l of ledger.disbursementLines()) if (!shared.items.has(l.ref)) add(l);
  for (const l of shared.lines) add(l);
  return paid;
}

/**
 * reconciliation_item rows, in batches reconciled on the pool's thread, a
 * batch ahead of the one being written. What a failed disbursement paid an
 * item does not count as disbursed (billing-event.rules).
 */
async function* itemRows(
  ledger: ItemLedger,
  shared: Map<string, ItemTotals>,
  failedPaid: Map<string, { net: bigint; gross: bigint }>,
  agreements: MatchedAgreements,
  reconciler: ThreadPool<ItemLinesContext, ItemBatch, ItemLines>,
  totals: { items: number; superseded: number },
): AsyncGenerator<Uint8Array> {
  const inFlight: Promise<ItemLines>[] = [];
  const done = async () => {
    const lines = await (inFlight.shift() as Promise<ItemLines>);
    totals.items += lines.items;
    totals.superseded += lines.superseded;
    return lines.bytes;
  };
  const batch = new ItemBatchBuilder(ITEMS_PER_BATCH);
  const send = () => {
    const items = batch.take();
    inFlight.push(reconciler.run(items, itemBatchBuffers(items)));
  };
  let item = 0;
  for (const own of ledger.itemTotals()) {
    const sums = shared.get(own.ref) ?? own;
    const failed = failedPaid.get(own.ref);
    batch.push(
      failed ? { ...sums, disbursed: sums.disbursed - failed.net, disbursedGross: sums.disbursedGross - failed.gross } : sums,
      agreements.of(item++),
    );
    if (batch.size < ITEMS_PER_BATCH) continue;
    send();
    while (inFlight.length >= reconciler.depth) yield await done();
  }
  if (batch.size > 0) send();
  while (inFlight.length > 0) yield await done();
}

function lineRows(cloud: Cloud, ledger: ItemLedger, shared: SharedItems): Generator<Uint8Array> {
  const line = (l: DisbursementLineTotals) =>
    `${cloud}\t${copyValue(l.disbursementId)}\t${copyValue(l.ref)}\t${l.currency}\t${l.net}\t${l.gross}\t${l.fee}\t${l.tax}\t${l.disbursedOn ?? '\\N'}\t${copyValue(l.bankTraceId)}\n`;
  return batched(
    (function* () {
      for (const l of ledger.disbursementLines()) if (!shared.items.has(l.ref)) yield line(l);
      for (const l of shared.lines) yield line(l);
    })(),
  );
}

function highestParameter(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}
