import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { CopyTextBatcher, copyTextFields } from './copy-text.lines';
import { ItemFactsBuilder } from './item-facts';
import { ItemLedger } from './item-ledger';
import { ownedString } from './owned-string';

/** The columns (of LEDGER_COLUMNS) whose values the ledger may keep: reference, currency, invoice date, buyer, product, disbursement, trace. */
const KEPT = [0, 5, 7, 8, 9, 10, 11];

/** Rows handed to the ledger at a time, at least (a batch always ends with an item's last row). */
const BATCH_ROWS = 4096;

/**
 * A ledger of rows read back from billing_feed_row, for a query of the
 * ledger's columns item by item (importRowsQuery, sharedRowsQuery): for an
 * import matched by a worker other than the process that stored it, and for
 * items that other imports have rows of too. Batches end only between items,
 * so the ledger compares every version of an event byte for byte.
 */
export async function ledgerOfStoredRows(client: pg.PoolClient, copyOutSql: string): Promise<ItemLedger> {
  const ledger = new ItemLedger();
  const builder = new ItemFactsBuilder(4096);
  const batcher = new CopyTextBatcher(1 << 16);
  let lastRef = '';
  // Per column, the last value met and its copy: rows of one item mostly repeat them.
  const lastRaw: (string | null)[] = [];
  const lastOwned: string[] = [];
  // Line by line: a batch's rows are never all alive at once (they would outlive the young generation and pile up).
  const take = (batch: string) => {
    for (let at = 0, end = 0; at < batch.length; at = end + 1) {
      end = batch.indexOf('\n', at);
      if (end < 0) end = batch.length;
      if (end === at) continue;
      const f = copyTextFields(batch.slice(at, end));
      // The ledger keeps some of these strings for the whole match: they must not keep their batch of text alive.
      for (const column of KEPT) {
        const value = f[column];
        if (value === null) continue;
        if (value !== lastRaw[column]) {
          lastRaw[column] = value;
          lastOwned[column] = ownedString(value);
        }
        f[column] = lastOwned[column];
      }
      if (f[0] !== lastRef && builder.size >= BATCH_ROWS) ledger.add(builder.build());
      lastRef = f[0] as string;
      builder.add(
        {
          transactionReferenceId: f[0] as string,
          billingEventId: f[1] as string,
          action: f[2] as string,
          transactionType: f[3] as string,
          amountMinor: f[4] as string,
          currency: f[5] as string,
          balanceImpacting: f[6] === 't',
          invoiceDate: f[7],
          endUserAccountId: f[8],
          productId: f[9],
          disbursementBillingEventId: f[10],
          bankTraceId: f[11],
        },
        Number(f[12]),
      );
    }
  };
  for await (const chunk of client.query(copyTo(copyOutSql)) as AsyncIterable<Buffer>) {
    const batch = batcher.push(chunk);
    if (batch !== null) take(batch);
  }
  const last = batcher.end();
  if (last !== null) take(last);
  ledger.add(builder.build());
  return ledger;
}
