import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';
import { keysetSql, orderBySql } from '@bridge/pagination';
import { USAGE_HOURS_ORDER, type UsageHoursQuery } from './usage.schemas';

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

/** What metering holds, for the usage views: reads only. */
@Injectable()
export class UsageViewRepository {
  constructor(private readonly prisma: PrismaService) {}

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
    return this.select(Prisma.join(filters, ' AND '), Prisma.sql`${orderBySql(USAGE_HOURS_ORDER.keys)} LIMIT ${query.limit + 1}`);
  }

  /** Hours not yet settled that started before `before`: the candidates for an age-out alert. */
  openHoursBefore(before: Date): Promise<UsageHourRow[]> {
    return this.select(
      Prisma.sql`h.status IN ('PENDING', 'SENDING') AND h.hour < ${before.toISOString()}::timestamp`,
      Prisma.sql`ORDER BY h.hour LIMIT 5000`,
    );
  }

  /** Hours that need a person: conflicting duplicates, unknown outcomes, usage that could not be billed. */
  needingAttention(limit = 1000): Promise<UsageHourRow[]> {
    return this.select(
      Prisma.sql`(h.status = 'UNKNOWN' OR (h.status = 'REJECTED' AND h.reason LIKE 'DUPLICATE_CONFLICT%') OR h.unbillable_quantity > 0)`,
      Prisma.sql`ORDER BY h.hour DESC LIMIT ${limit}`,
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

  private select(where: Prisma.Sql, tail: Prisma.Sql): Promise<UsageHourRow[]> {
    return this.prisma.$queryRaw<UsageHourRow[]>`${pricedHours(where)} ${tail}`;
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
