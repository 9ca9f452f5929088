import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { CopyTextBatcher, copyTextRows } from './copy-text.lines';
import { ItemFactsBuilder } from './item-facts';
import { ItemLedger } from './item-ledger';

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
  const batcher = new CopyTextBatcher();
  let lastRef = '';
  const take = (batch: string) => {
    for (const f of copyTextRows(batch)) {
      if (f[0] !== lastRef && builder.size >= BATCH_ROWS) ledger.add(builder.build());
      lastRef = f[0] as string;
      builder.add({
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
      });
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
