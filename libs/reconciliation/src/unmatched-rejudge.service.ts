import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { Cloud } from '@bridge/database';
import { parseUsdRates } from '@bridge/domain';
import { PgPool } from '@bridge/postgres';
import { loadAgreementSchedules } from './agreement-schedules';
import { todayUtc } from './stored-items.judge';
import { verdictQuery } from './item-verdict.sql';
import { ANALYZE_PARTS, FAILED_DISBURSEMENTS, ITEMS, itemParts, scheduledAgreements, supersededEvents } from './reconciliation-match.sql';
import { updateJudgedAgain } from './stored-items.sql';
import {
  candidateItems,
  FOR_AGREEMENT,
  JUDGED_SOURCE,
  LAST_CANDIDATE,
  LOOKED_AT,
  NO_IMPORT,
  NOW_OF_AGREEMENT,
  REJUDGE_PAGE,
  SET_AGREEMENTS,
  SHARE_CANDIDATES,
  SINCE_LAST_AGREEMENT,
} from './unmatched-rejudge.sql';
import { lockCloudMatches } from './match-lock';

const CLOUDS: Cloud[] = ['AWS', 'AZURE', 'GCP'];

/** Which items a pass looks at, and which of those it judges again. */
interface Pass {
  cloud: Cloud;
  /** Picks the items (`i`) among the cloud's ($1); $3 is `agreementId` when there is one. */
  where: string;
  /** The agreement that was written, when the pass is for one. */
  agreementId?: string;
}

/**
 * Judges again the UNMATCHED items an agreement recorded late would match.
 * A billing feed often comes in before the product has the agreement (its
 * purchase event late or retried, or bought before the product was
 * installed and backfilled): such an item was UNMATCHED and would stay so
 * until a later import touched it. Matching's own rule finds each item's
 * agreement (the same statements, run over the items' stored rows); the
 * items whose agreement it changes (an item matched by buyer and product may
 * lose it to a second agreement of the pair), or whose agreement was the one
 * written, are judged by the same verdict query from their stored totals, as
 * of today: what a match would now give them.
 * An item's disbursement lines and the lump sums they add up to do not
 * depend on its agreement, so they stand as matching wrote them. Under the
 * lock matching takes, so it never interleaves with an import's match; a
 * recomputation, so running it twice gives the same items.
 */
@Injectable()
export class UnmatchedRejudgeService {
  private readonly logger = new Logger(UnmatchedRejudgeService.name);
  private readonly usdRates: Record<string, string>;

  constructor(
    private readonly pg: PgPool,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.usdRates = parseUsdRates(config.RECONCILIATION_USD_RATES);
  }

  /** After an agreement is recorded or changed (the job it queues): items judged again. */
  async judgeForAgreement(agreementId: string, today = todayUtc()): Promise<number> {
    const { rows } = await this.pg.pool.query<{ cloud: Cloud }>('SELECT cloud FROM agreement WHERE id = $1::uuid', [agreementId]);
    if (rows.length === 0) return 0;
    const judged = await this.run({ cloud: rows[0].cloud, where: FOR_AGREEMENT, agreementId }, today);
    if (judged > 0) this.logger.log(`${judged} items judged again for agreement ${agreementId}`);
    return judged;
  }

  /**
   * The sweep's safety net, should an agreement's job be lost: every item an
   * agreement may change (UNMATCHED with none, matched by buyer and product)
   * judged before the latest agreement write is looked at, once; those whose
   * agreement changed are judged again.
   */
  async judgeSinceLastAgreement(today = todayUtc()): Promise<number> {
    let judged = 0;
    for (const cloud of CLOUDS) judged += await this.run({ cloud, where: SINCE_LAST_AGREEMENT }, today);
    if (judged > 0) this.logger.log(`${judged} items judged again after agreements were recorded`);
    return judged;
  }

  private async run(pass: Pass, today: string): Promise<number> {
    let judged = 0;
    for (let after = ''; ; ) {
      const page = await this.pg.transaction((db) => this.judgePage(db, pass, after, today));
      judged += page.judged;
      if (page.last === null) return judged;
      after = page.last;
    }
  }

  private async judgePage(db: pg.PoolClient, pass: Pass, after: string, today: string): Promise<{ judged: number; last: string | null }> {
    const { cloud, agreementId } = pass;
    // The lock matching takes: an item is never judged here while an import rewrites it.
    await lockCloudMatches(db, cloud);
    const pick = agreementId ? [cloud, after, agreementId] : [cloud, after];
    await db.query(candidateItems(pass.where), pick);
    const page = (await db.query<{ last: string | null; n: number }>(LAST_CANDIDATE)).rows[0];
    if (page.n === 0) return { judged: 0, last: null };
    for (const sql of SHARE_CANDIDATES) await db.query(sql);

    // Matching's rule, as matching runs it, over the page's stored rows: recon_items holds each item's agreement.
    const match = [cloud, NO_IMPORT];
    // Every item of the page is shared: it is read from all its stored rows (NO_IMPORT has none of its own).
    const repeated = await db.query(supersededEvents(cloud, true), match);
    await db.query(itemParts(cloud, true, (repeated.rowCount ?? 0) > 0), match);
    await db.query(ANALYZE_PARTS);
    await db.query(FAILED_DISBURSEMENTS, match);
    await db.query(ITEMS, [cloud]);

    const changed = await db.query<{ ref: string }>(SET_AGREEMENTS, [cloud]);
    const refs = new Set(changed.rows.map((r) => r.ref));
    if (agreementId) {
      for (const r of (await db.query<{ ref: string }>(NOW_OF_AGREEMENT, [cloud, agreementId])).rows) refs.add(r.ref);
    } else {
      // Every item the sweep looked at is reconciled as of now, so that it is not looked at again until another agreement is
      // written; one whose agreement did not change would be judged the same, so only its time moves.
      await db.query(LOOKED_AT, [cloud]);
    }
    const last = page.n === REJUDGE_PAGE ? page.last : null;
    if (refs.size === 0) return { judged: 0, last };
    const values = [cloud, [...refs]];
    await loadAgreementSchedules(db, scheduledAgreements(`(${JUDGED_SOURCE}) j`), values, today);
    const { rowCount } = await db.query(updateJudgedAgain(verdictQuery(JUDGED_SOURCE, cloud, this.usdRates)), values);
    return { judged: rowCount ?? 0, last };
  }
}
