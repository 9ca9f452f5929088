import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { parseUsdRates } from '@bridge/domain';
import { PgPool } from '@bridge/postgres';
import { judgeStoredItems, todayUtc } from './stored-items.judge';
import { lockCloudMatches } from './match-lock';

/** Items judged per transaction. */
export const AGREEMENT_ITEMS_PAGE = 2000;

/** A page of the items matched to agreement $2, after reference $3, in reference order. */
const AGREEMENT_ITEMS = `i.transaction_reference_id IN (
  SELECT d.transaction_reference_id FROM reconciliation_item d
   WHERE d.cloud = $1::"Cloud" AND d.agreement_id = $2::uuid AND d.transaction_reference_id > $3
   ORDER BY d.transaction_reference_id LIMIT ${AGREEMENT_ITEMS_PAGE}) AND i.cloud = $1::"Cloud"`;

/**
 * Judges again every item matched to an agreement once what the verdict
 * reads of it may have changed: the agreement recorded again (an amendment:
 * a new value, a corrected currency), or its offer linked after the feed
 * came in (a purchase event handled late, a lost hand-over), which decides a
 * channel sale's share, a payment schedule and the fee tier. Without this
 * an item matched by the id its rows name kept the verdict of the agreement
 * as it was when the feed arrived, until another import touched it.
 */
@Injectable()
export class AgreementItemsRejudgeService {
  private readonly logger = new Logger(AgreementItemsRejudgeService.name);
  private readonly usdRates: Record<string, string>;

  constructor(
    private readonly pg: PgPool,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.usdRates = parseUsdRates(config.RECONCILIATION_USD_RATES);
  }

  async judgeItemsOf(agreementId: string, today = todayUtc()): Promise<number> {
    const { rows } = await this.pg.pool.query<{ cloud: Cloud }>('SELECT cloud FROM agreement WHERE id = $1::uuid', [agreementId]);
    if (rows.length === 0) return 0;
    const cloud = rows[0].cloud;
    let judged = 0;
    for (let after = ''; ; ) {
      const page = await this.pg.transaction(async (db) => {
        // The lock matching takes: an item is never judged here while an import rewrites it.
        await lockCloudMatches(db, cloud);
        const values = [cloud, agreementId, after];
        const refs = await judgeStoredItems(db, { cloud, where: AGREEMENT_ITEMS, values, asOf: today, usdRates: this.usdRates });
        // The page's last reference in the database's own collation, which the next page's `>` compares in.
        const last = await db.query<{ last: string | null }>('SELECT max(r) AS last FROM unnest($1::text[]) AS r', [refs]);
        return { judged: refs.length, last: last.rows[0].last };
      });
      judged += page.judged;
      if (page.judged < AGREEMENT_ITEMS_PAGE || page.last === null) break;
      after = page.last;
    }
    if (judged > 0) this.logger.log(`${judged} items of agreement ${agreementId} judged again`);
    return judged;
  }
}
