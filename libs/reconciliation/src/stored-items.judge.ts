import type pg from 'pg';
import type { Cloud } from '@bridge/database';
import { loadAgreementSchedules } from './agreement-schedules';
import { verdictQuery } from './item-verdict.sql';
import { scheduledAgreements } from './reconciliation-match.sql';
import { storedItemsSource, updateJudgedAgain } from './stored-items.sql';

/** What judging stored items again needs: the items (`where`, over `i`, with its parameters), the day and the USD rates. */
export interface StoredItemsJudging {
  cloud: Cloud;
  where: string;
  values: unknown[];
  asOf: string;
  usdRates: Readonly<Record<string, string>>;
}

/**
 * Judges stored items again from their stored totals, with their agreement
 * as it is now: the rules a match applies (verdictQuery), the agreements'
 * payment schedules read by the domain first. Nothing in the feed changed,
 * so nothing of the feed is read. Runs in the caller's transaction, which
 * holds the cloud's match lock. Gives back the references judged.
 */
export async function judgeStoredItems(db: pg.PoolClient, judging: StoredItemsJudging): Promise<string[]> {
  const { cloud, where, values, asOf, usdRates } = judging;
  const source = storedItemsSource(where);
  await loadAgreementSchedules(db, scheduledAgreements(`(${source}) s`), values, asOf);
  const judged = await db.query<{ ref: string }>(
    `${updateJudgedAgain(verdictQuery(source, cloud, usdRates))} RETURNING i.transaction_reference_id AS ref`,
    values,
  );
  return judged.rows.map((r) => r.ref);
}

/** Today's date in UTC (YYYY-MM-DD): the day instalments are due by. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
