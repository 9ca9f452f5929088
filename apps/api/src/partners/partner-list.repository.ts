import { Injectable } from '@nestjs/common';
import { Prisma } from '@bridge/database';
import { keysetSql, orderBySql, pageOf, type ListOrder } from '@bridge/pagination';
import { PgPool } from '@bridge/postgres';
import { PARTNERS_ORDER, type PartnersQuery, type partnerView } from './partner.schemas';
import type { z } from 'zod';

type PartnerView = z.output<typeof partnerView>;

/**
 * The partners list: one page in one SQL statement on the pg pool, each
 * partner with its cloud accounts aggregated beside it, in the answer's own
 * field names and order. The partner's (name, id) index is read from the
 * cursor, so a page costs a seek and its rows however many partners there are.
 */
@Injectable()
export class PartnerListRepository {
  constructor(private readonly pg: PgPool) {}

  /** A page of the partners a caller of this scope (a partner id, or null for staff) may see. */
  async page(scope: string | null, query: PartnersQuery, order: ListOrder = PARTNERS_ORDER) {
    const keys = order.keys.map((key) => ({ ...key, field: PARTNER_COLUMNS[key.field]! }));
    const statement = Prisma.sql`
      SELECT p.id, p.name, p.persona::text AS persona, p.tier, p.created_at AT TIME ZONE 'UTC' AS "createdAt",
             (SELECT COALESCE(json_agg(json_build_object('cloud', a.cloud, 'accountId', a.account_id)), '[]')
                FROM partner_cloud_account a WHERE a.partner_id = p.id) AS "cloudAccounts"
        FROM partner p
       WHERE ${scope ? Prisma.sql`p.id = ${scope}::uuid` : Prisma.sql`TRUE`}
         AND ${query.persona ? Prisma.sql`p.persona::text = ${query.persona}` : Prisma.sql`TRUE`}
         AND ${keysetSql(keys, query.cursor)}
       ${orderBySql(keys)} LIMIT ${query.limit + 1}`;
    // Its text holds only the filters asked for: each connection prepares each shape once and keeps its plan.
    const rows = await this.pg.prepared<PartnerView>(order.list, statement);
    return pageOf(order.list, order.keys, rows, query.limit, (p) => [p.name, p.id]);
  }
}

/** The partner's columns for the order keys (named as the Prisma fields). */
const PARTNER_COLUMNS: Record<string, string> = { name: 'p.name', id: 'p.id' };
