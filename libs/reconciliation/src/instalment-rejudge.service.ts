import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { parseUsdRates } from '@bridge/domain';
import { PgPool } from '@bridge/postgres';
import { DUE_INSTALMENTS, DUE_INSTALMENTS_PAGE } from './stored-items.sql';
import { judgeStoredItems, todayUtc } from './stored-items.judge';
import { lockCloudMatches } from './match-lock';

const CLOUDS: Cloud[] = ['AWS', 'AZURE', 'GCP'];

/**
 * Judges again the items paid by instalments whose next instalment has come
 * due since their last match. A match judges an item as of its own day; with
 * no later import touching it, an instalment that falls due and is never
 * invoiced would leave the item MATCHED. Nothing in the feed has changed, so
 * the item's stored totals are all the judging needs: the same rules, as of
 * today, with the agreement as it is now. Run by the reconciliation sweep.
 */
@Injectable()
export class InstalmentRejudgeService {
  private readonly logger = new Logger(InstalmentRejudgeService.name);
  private readonly usdRates: Record<string, string>;

  constructor(
    private readonly pg: PgPool,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.usdRates = parseUsdRates(config.RECONCILIATION_USD_RATES);
  }

  /** Items judged again, all clouds; `today` is YYYY-MM-DD (UTC). */
  async judgeDueItems(today = todayUtc()): Promise<number> {
    let judged = 0;
    for (const cloud of CLOUDS) {
      for (;;) {
        const page = await this.pg.transaction((db) => this.judgePage(db, cloud, today));
        judged += page.judged;
        if (!page.more) break;
      }
    }
    if (judged > 0) this.logger.log(`${judged} items paid by instalments judged again as of ${today}`);
    return judged;
  }

  private async judgePage(db: pg.PoolClient, cloud: Cloud, today: string): Promise<{ judged: number; more: boolean }> {
    // The lock matching takes: an item is never judged here while an import rewrites it.
    await lockCloudMatches(db, cloud);
    const judged = await judgeStoredItems(db, {
      cloud,
      where: DUE_INSTALMENTS,
      values: [cloud, today],
      asOf: today,
      usdRates: this.usdRates,
    });
    return { judged: judged.length, more: judged.length === DUE_INSTALMENTS_PAGE };
  }
}
