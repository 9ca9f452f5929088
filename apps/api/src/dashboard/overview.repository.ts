import { Injectable } from '@nestjs/common';
import { Prisma } from '@bridge/database';
import { pageOf, type KeyValue } from '@bridge/pagination';
import { PgPool } from '@bridge/postgres';
import {
  commitmentsPageSql,
  ITEM_TOTALS_SQL,
  leaderboardSql,
  OVERVIEW_COMMITMENTS_ORDER,
  offerPipelineSql,
  parkedMessagesSql,
  unmatchedItemsSql,
  type LeaderboardRow,
} from './overview-cards.sql';
import { recentUsageSql, type RecentUsageRow } from './recent-usage.sql';

/** Which of the overview's cards the caller may see, and what each reads. */
export interface OverviewCards {
  /** A partner's id, or null for staff: the leaderboard and pipeline are the caller's own. */
  scope: string | null;
  now: Date;
  leaderboardRows: number;
  /** The commitments card's page (rows, and the page after which it starts), when the caller may read commitments. */
  commitments: { limit: number; after: KeyValue[] | null } | null;
  /** The usage card's window start (by the metering clock), when the caller may read usage. */
  usageFrom: Date | null;
  /** Unmatched reconciliation items shown, when the caller may read reconciliation. */
  unmatchedItems: number | null;
  /** Parked marketplace messages shown, when the caller may read them. */
  parkedMessages: number | null;
}

type Json = string | number | null;
type Rows = Json[][];

/** A card's rows as one JSON array of arrays, in the order given; bigints as text, timestamps as epoch ms (the columns hold UTC). */
const card = (sql: Prisma.Sql, columns: string, order: string) =>
  Prisma.sql`(SELECT COALESCE(json_agg(json_build_array(${Prisma.raw(columns)}) ORDER BY ${Prisma.raw(order)}), '[]') FROM (${sql}) x)`;
const none = Prisma.sql`NULL::json`;
const epochMs = (column: string) => `floor(extract(epoch FROM x.${column}) * 1000)::bigint`;

/**
 * The overview's cards in two statements on the pg pool, side by side: each
 * card a subquery read by its index or rollup (see overview-cards.sql.ts),
 * returned as one JSON value per card, with no query engine between. Each
 * is prepared under a name of its text: the cards that do not move with the
 * clock are planned once per connection, the two read from the clock's now
 * (the offers past expiry, the usage window) are planned for their values.
 */
@Injectable()
export class OverviewRepository {
  constructor(private readonly pg: PgPool) {}

  async cards(cards: OverviewCards) {
    // What does not move with the clock (a cursor or a partner's id at most): each connection's plan of it is reused, never planned again.
    const standing = Prisma.sql`SELECT
      ${card(leaderboardSql(cards.scope, cards.leaderboardRows), 'x.partner_id, x.name, x.persona, x.currency, x.par_minor::text, x.pir_minor::text, x.entries::text', 'x.par_minor + x.pir_minor DESC, x.name, x.partner_id, x.currency')} AS leaderboard,
      ${
        cards.commitments
          ? card(
              commitmentsPageSql(cards.commitments.limit, cards.commitments.after),
              `x.id, x.customer_name, x.kind, x.cloud, x.total_minor::text, x.currency, ${epochMs('starts_at')}, ${epochMs('ends_at')}, x.drawn_minor::text`,
              'x.customer_name, x.starts_at, x.id',
            )
          : none
      } AS commitments,
      ${
        cards.unmatchedItems !== null
          ? card(
              unmatchedItemsSql(cards.unmatchedItems),
              'x.transaction_reference_id, x.status, x.currency, x.expected_net_minor::text, x.disbursed_minor::text, x.variance_minor::text, x.explanation',
              'x.reconciled_at DESC, x.transaction_reference_id',
            )
          : none
      } AS unmatched,
      ${
        cards.unmatchedItems !== null
          ? card(
              ITEM_TOTALS_SQL,
              'x.status, x.currency, x.items::text, x.variance_minor::text, x.expected_net_minor::text, x.disbursed_minor::text',
              'x.status, x.currency',
            )
          : none
      } AS item_totals,
      ${
        cards.parkedMessages !== null
          ? card(
              parkedMessagesSql(cards.parkedMessages),
              `x.id, x.source, x.detail_type, ${epochMs('received_at')}, x.park_reason`,
              'x.received_at DESC, x.id DESC',
            )
          : none
      } AS parked,
      ${cards.parkedMessages !== null ? Prisma.sql`(SELECT count(*)::int FROM marketplace_event WHERE parked_at IS NOT NULL)` : Prisma.sql`NULL::int`} AS parked_count`;
    // What is read from the clock's now, whose plans follow the window: planned each time, and kept small.
    const timed = Prisma.sql`SELECT
      ${card(offerPipelineSql(cards.scope, cards.now), 'x.state, x.kind, x.currency, x.offers, x.value::text', 'x.state, x.kind, x.currency')} AS pipeline,
      ${
        cards.usageFrom
          ? card(
              recentUsageSql(cards.usageFrom),
              'x.status, x.currency, x.hours, x.quantity::text, x.frozen_value_minor::text, x.open_value::text',
              'x.status, x.currency',
            )
          : none
      } AS usage`;
    const [r, t] = await Promise.all([
      this.first<{
        leaderboard: Rows;
        commitments: Rows | null;
        unmatched: Rows | null;
        item_totals: Rows | null;
        parked: Rows | null;
        parked_count: number | null;
      }>(standing),
      this.first<{ pipeline: Rows; usage: Rows | null }>(timed),
    ]);
    return {
      leaderboard: r.leaderboard.map(leaderboardRow),
      pipeline: t.pipeline.map(([state, kind, currency, offers, value]) => ({
        state: state as string,
        kind: kind as string,
        currency: currency as string,
        _count: { _all: offers as number },
        _sum: { contractValueMinor: value === null ? null : BigInt(value) },
      })),
      commitments: r.commitments && cards.commitments ? commitmentsPage(r.commitments, cards.commitments.limit) : null,
      usage: t.usage ? t.usage.map(usageRow) : null,
      variances:
        r.unmatched && r.item_totals
          ? {
              items: r.unmatched.map(([ref, status, currency, expected, disbursed, variance, explanation]) => ({
                transactionReferenceId: ref as string,
                status: status as string,
                currency: currency as string,
                expectedNetMinor: BigInt(expected!),
                disbursedMinor: BigInt(disbursed!),
                varianceMinor: BigInt(variance!),
                explanation: explanation as string,
              })),
              totals: r.item_totals.map(([status, currency, items, variance, expected, disbursed]) => ({
                status: status as string,
                currency: currency as string,
                _count: { _all: Number(items) },
                _sum: { varianceMinor: BigInt(variance!), expectedNetMinor: BigInt(expected!), disbursedMinor: BigInt(disbursed!) },
              })),
            }
          : null,
      parked:
        r.parked && r.parked_count !== null
          ? {
              count: r.parked_count,
              latest: r.parked.map(([id, source, detailType, receivedAt, parkReason]) => ({
                id: id as string,
                source: source as string,
                detailType: detailType as string,
                receivedAt: new Date(receivedAt as number),
                parkReason: parkReason as string | null,
              })),
            }
          : null,
    };
  }

  /** A statement's one row, prepared under a name of its text (the cards a role sees, a first or later page). */
  private async first<T>(statement: Prisma.Sql): Promise<T> {
    const [row] = await this.pg.prepared<T>('dashboard-overview', statement);
    return row!;
  }
}

function leaderboardRow([partnerId, name, persona, currency, par, pir, entries]: Json[]): LeaderboardRow {
  return {
    partner_id: partnerId as string,
    name: name as string,
    persona: persona as string,
    currency: currency as string,
    par_minor: BigInt(par!),
    pir_minor: BigInt(pir!),
    entries: BigInt(entries!),
  };
}

function commitmentsPage(rows: Rows, limit: number) {
  const commitments = rows.map(([id, customerName, kind, cloud, total, currency, startsAt, endsAt, drawn]) => ({
    id: id as string,
    customer_name: customerName as string,
    kind: kind as string,
    cloud: cloud as string,
    total_minor: BigInt(total!),
    currency: currency as string,
    starts_at: new Date(startsAt as number),
    ends_at: new Date(endsAt as number),
    drawn_minor: BigInt(drawn!),
  }));
  return pageOf(OVERVIEW_COMMITMENTS_ORDER.list, OVERVIEW_COMMITMENTS_ORDER.keys, commitments, limit, (c) => [
    c.customer_name,
    c.starts_at,
    c.id,
  ]);
}

function usageRow([status, currency, hours, quantity, frozen, open]: Json[]): RecentUsageRow {
  return {
    status: status as string,
    currency: currency as string | null,
    hours: hours as number,
    quantity: BigInt(quantity!),
    frozenValueMinor: frozen === null ? null : BigInt(frozen),
    openValue: open as string | null,
  };
}
