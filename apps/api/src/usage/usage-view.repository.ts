import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';
import { PgPool } from '@bridge/postgres';
import { keysetSql, orderBySql, type KeyValue } from '@bridge/pagination';
import { USAGE_ALERTS_ORDER, USAGE_HOURS_ORDER, type UsageHoursQuery } from './usage.schemas';

export interface UsageHourRow {
  id: string;
  subscription_id: string;
  cloud: string;
  customer_ref: string;
  product_code: string;
  dimension: string;
  hour: Date;
  status: 'PENDING' | 'SENDING' | 'ACCEPTED' | 'REJECTED' | 'UNKNOWN';
  reason: string | null;
  received_quantity: bigint;
  record_count: number;
  carried_in: bigint;
  carried_out: bigint;
  unbillable_quantity: bigint;
  billed_quantity: bigint | null;
  value_minor: bigint | null;
  /** Frozen price, else the buyer's own, else the listing's public price. */
  unit_price: string | null;
  currency: string | null;
  send_attempts: number;
  metering_record_id: string | null;
  settled_at: Date | null;
}

/** Hours that need a person: conflicting duplicates, unknown outcomes, usage that could not be billed. */
const NEEDING_ATTENTION = Prisma.sql`(h.status = 'UNKNOWN' OR (h.status = 'REJECTED' AND h.reason LIKE 'DUPLICATE_CONFLICT%') OR h.unbillable_quantity > 0)`;

/** The predicate of the partial index usage_hour_alert_idx: every hour that may alert, open or needing a person. */
const ALERTING_HOURS = Prisma.sql`(h.status IN ('PENDING', 'SENDING', 'UNKNOWN') OR (h.status = 'REJECTED' AND h.reason LIKE 'DUPLICATE_CONFLICT%') OR h.unbillable_quantity > 0)`;

/** What metering holds, for the usage views: reads only. Pages run straight on the pool (PgPool): Prisma's raw queries cost far more CPU a request. */
@Injectable()
export class UsageViewRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPool,
  ) {}

  hours(query: UsageHoursQuery): Promise<UsageHourRow[]> {
    const filters: Prisma.Sql[] = [Prisma.sql`TRUE`];
    if (query.subscriptionId) filters.push(Prisma.sql`h.subscription_id = ${query.subscriptionId}::uuid`);
    if (query.customer)
      filters.push(
        Prisma.sql`(s.customer_ref = ${query.customer} OR s.aws_account_id = ${query.customer} OR s.customer_identifier = ${query.customer})`,
      );
    if (query.dimension) filters.push(Prisma.sql`h.dimension = ${query.dimension}`);
    if (query.status) filters.push(Prisma.sql`h.status = ${query.status}::"UsageHourStatus"`);
    if (query.from) filters.push(Prisma.sql`h.hour >= ${utcText(query.from)}::timestamp`);
    if (query.to) filters.push(Prisma.sql`h.hour < ${utcText(query.to)}::timestamp`);
    filters.push(keysetSql(USAGE_HOURS_ORDER.keys, query.cursor));
    // Its text holds only the filters asked for: each connection prepares each shape once and keeps its plan.
    return this.pg.prepared<UsageHourRow>(
      USAGE_HOURS_ORDER.list,
      Prisma.sql`${pricedHours(Prisma.join(filters, ' AND '))} ${orderBySql(USAGE_HOURS_ORDER.keys)} LIMIT ${query.limit + 1}`,
    );
  }

  /**
   * A page of the hours to alert on, newest first: hours not yet settled
   * whose deadline is at most the horizon (deadlines grow with the hour, so
   * those are the hours up to `lastHourByWindow` or before
   * `monthCloseBefore`: hoursDueBy), started before `openBefore`, and hours that need a
   * person (conflicting duplicates, unknown outcomes, usage that could not be
   * billed). The first condition names the partial index usage_hour_alert_idx
   * word for word, so the page is a seek on the few alerting hours, never a
   * walk over every hour.
   */
  alerts(
    bounds: { openBefore: Date; lastHourByWindow: Date; monthCloseBefore: Date },
    query: { cursor: KeyValue[] | null; limit: number },
  ): Promise<UsageHourRow[]> {
    const { openBefore, lastHourByWindow, monthCloseBefore } = bounds;
    return this.select(
      Prisma.sql`${ALERTING_HOURS}
        AND ((h.status IN ('PENDING', 'SENDING') AND h.hour < ${openBefore.toISOString()}::timestamp
              AND (h.hour <= ${lastHourByWindow.toISOString()}::timestamp OR h.hour < ${monthCloseBefore.toISOString()}::timestamp))
             OR ${NEEDING_ATTENTION})
        AND ${keysetSql(USAGE_ALERTS_ORDER.keys, query.cursor)}`,
      Prisma.sql`${orderBySql(USAGE_ALERTS_ORDER.keys)} LIMIT ${query.limit + 1}`,
    );
  }

  /** Totals per status and currency; value_minor where frozen, else quantity x price as an exact decimal. */
  summary(from: string | undefined, to: string | undefined) {
    const filters: Prisma.Sql[] = [Prisma.sql`TRUE`];
    if (from) filters.push(Prisma.sql`h.hour >= ${utcText(from)}::timestamp`);
    if (to) filters.push(Prisma.sql`h.hour < ${utcText(to)}::timestamp`);
    return this.prisma.$queryRaw<
      {
        status: string;
        currency: string | null;
        hours: bigint;
        quantity: bigint;
        frozen_value_minor: bigint | null;
        open_value: string | null;
      }[]
    >`
      WITH priced AS (${pricedHours(Prisma.join(filters, ' AND '))})
      SELECT status, currency, count(*)::bigint AS hours,
             sum(COALESCE(billed_quantity, received_quantity + carried_in - carried_out - unbillable_quantity))::bigint AS quantity,
             sum(value_minor)::bigint AS frozen_value_minor,
             sum(CASE WHEN value_minor IS NULL THEN (received_quantity + carried_in - carried_out - unbillable_quantity) * unit_price::numeric END)::text AS open_value
        FROM priced GROUP BY status, currency ORDER BY status, currency`;
  }

  /** Planned for its values each time (the alerts' bounds move with the clock). */
  private select(where: Prisma.Sql, tail: Prisma.Sql): Promise<UsageHourRow[]> {
    return this.pg.rows<UsageHourRow>(Prisma.sql`${pricedHours(where)} ${tail}`);
  }
}

function pricedHours(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT h.id, h.subscription_id, s.cloud::text AS cloud, s.customer_ref, s.product_code, h.dimension, h.hour, h.status::text AS status, h.reason,
           h.received_quantity, h.record_count, h.carried_in, h.carried_out, h.unbillable_quantity, h.billed_quantity, h.value_minor,
           COALESCE(h.unit_price, sd.unit_price, ld.unit_price)::text AS unit_price, COALESCE(h.currency, sd.currency, ld.currency) AS currency,
           h.send_attempts, h.metering_record_id, h.settled_at
      FROM usage_hour h
      JOIN metering_subscription s ON s.id = h.subscription_id
      LEFT JOIN metering_subscription_dimension sd ON sd.subscription_id = h.subscription_id AND sd.dimension = h.dimension AND sd.unit_price IS NOT NULL
      LEFT JOIN listing_dimension ld ON ld.listing_id = s.listing_id AND ld.key = h.dimension
     WHERE ${where}`;
}

/** The hour columns are timestamps without zone holding UTC. */
const utcText = (iso: string) => new Date(iso).toISOString();
