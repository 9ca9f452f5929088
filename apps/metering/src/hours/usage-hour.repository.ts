import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';

/** A frozen hour claimed for sending, with what the marketplace call needs. */
export interface ClaimedHour {
  id: string;
  cloud: 'AWS' | 'AZURE' | 'GCP';
  productCode: string;
  awsAccountId: string | null;
  licenseArn: string | null;
  customerIdentifier: string | null;
  azureResourceId: string | null;
  azurePlanId: string | null;
  dimension: string;
  hour: Date;
  billedQuantity: bigint;
  sendAttempts: number;
}

export interface HourSettlement {
  id: string;
  status: 'ACCEPTED' | 'REJECTED' | 'UNKNOWN';
  reason: string | null;
  meteringRecordId: string | null;
}

export interface AcceptedHour {
  id: string;
  cloud: 'AWS' | 'AZURE' | 'GCP';
  customerAccountId: string;
  productId: string | null;
  listingId: string | null;
  marketplaceAgreementId: string | null;
  dimension: string;
  hour: Date;
  billedQuantity: bigint;
  unitPrice: string | null;
  currency: string | null;
}

/** Timestamps are stored without zone, as UTC: always pass them as ISO text. */
const ts = (date: Date) => date.toISOString();

/**
 * The metering worker's reads and writes of usage hours. Every state change
 * is one statement over many hours; a hour's billed quantity is set once
 * (WHERE billed_quantity IS NULL) and never changed afterwards.
 */
@Injectable()
export class UsageHourRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Usage that arrived after its hour was frozen is moved to the current
   * hour of the same customer and dimension (if that hour is still open and
   * the subscription active), else counted as unbillable. One transaction:
   * the source rows are locked, so a concurrent ingest adds to them after.
   */
  async carryLateUsage(currentHour: Date, oldestHour: Date): Promise<{ carried: bigint; unbillable: bigint }> {
    return this.prisma.$transaction(async (tx) => {
      const late = await tx.$queryRaw<{ id: string; subscription_id: string; dimension: string; late: bigint; active: boolean }[]>`
        SELECT h.id, h.subscription_id, h.dimension,
               (h.received_quantity + h.carried_in - h.billed_quantity - h.carried_out - h.unbillable_quantity) AS late,
               (s.status IN ('ACTIVE', 'SUSPENDED')) AS active
          FROM usage_hour h JOIN metering_subscription s ON s.id = h.subscription_id
         WHERE h.status IN ('SENDING', 'ACCEPTED', 'REJECTED', 'UNKNOWN') AND h.hour >= ${ts(oldestHour)}::timestamp
           AND h.received_quantity + h.carried_in > h.billed_quantity + h.carried_out + h.unbillable_quantity
         ORDER BY h.id FOR UPDATE OF h`;
      let carried = 0n;
      let unbillable = 0n;
      for (const row of late) {
        const moved = row.active
          ? await tx.$queryRaw<{ id: string }[]>`
              INSERT INTO usage_hour (subscription_id, dimension, hour, carried_in)
              VALUES (${row.subscription_id}::uuid, ${row.dimension}, ${ts(currentHour)}::timestamp, ${row.late})
              ON CONFLICT (subscription_id, dimension, hour) DO UPDATE SET carried_in = usage_hour.carried_in + EXCLUDED.carried_in
              WHERE usage_hour.billed_quantity IS NULL AND usage_hour.id <> ${row.id}::uuid
              RETURNING id`
          : [];
        if (moved.length) {
          await tx.$executeRaw`UPDATE usage_hour SET carried_out = carried_out + ${row.late} WHERE id = ${row.id}::uuid`;
          carried += row.late;
        } else {
          await tx.$executeRaw`UPDATE usage_hour SET unbillable_quantity = unbillable_quantity + ${row.late} WHERE id = ${row.id}::uuid`;
          unbillable += row.late;
        }
      }
      return { carried, unbillable };
    });
  }

  /** Zero-quantity hours for subscriptions that report every hour, for each metered dimension, from `from` to `to`. */
  async createZeroHours(from: Date, to: Date): Promise<number> {
    return this.prisma.$executeRaw`
      INSERT INTO usage_hour (subscription_id, dimension, hour)
      SELECT s.id, d.dimension, g.hour
        FROM metering_subscription s
        JOIN LATERAL (
          SELECT sd.dimension FROM metering_subscription_dimension sd WHERE sd.subscription_id = s.id
          UNION SELECT ld.key FROM listing_dimension ld WHERE ld.listing_id = s.listing_id
        ) d ON TRUE
        CROSS JOIN LATERAL generate_series(GREATEST(date_trunc('hour', s.started_at), ${ts(from)}::timestamp), ${ts(to)}::timestamp, interval '1 hour') AS g(hour)
       WHERE s.report_zero_hours AND s.status = 'ACTIVE'
      ON CONFLICT (subscription_id, dimension, hour) DO NOTHING`;
  }

  /**
   * Open hours that may be due: ended before `endedBefore`, or any hour of a
   * subscription being flushed. A suspended subscription's hours are held:
   * neither sent nor aged out until it is reinstated (then those still in the
   * window go, the rest age out) or unsubscribed (then its final flush sends them).
   */
  dueCandidates(endedBefore: Date, now: Date): Promise<{ id: string; hour: Date }[]> {
    return this.prisma.$queryRaw`
      SELECT h.id, h.hour FROM usage_hour h JOIN metering_subscription s ON s.id = h.subscription_id
       WHERE h.status = 'PENDING' AND s.status <> 'SUSPENDED'
         AND (h.hour < ${ts(endedBefore)}::timestamp OR (s.status = 'UNSUBSCRIBE_PENDING' AND h.hour <= ${ts(now)}::timestamp))
       ORDER BY h.hour LIMIT 20000`;
  }

  /**
   * Freezes hours before their first send: billed quantity (capped at what
   * one record may carry; the rest is then carried forward) and the price,
   * the buyer's own or else the listing's.
   */
  async freeze(ids: string[], at: Date, maxQuantity: bigint): Promise<number> {
    if (ids.length === 0) return 0;
    return this.prisma.$executeRaw`
      UPDATE usage_hour h
         SET billed_quantity = LEAST(h.received_quantity + h.carried_in - h.carried_out - h.unbillable_quantity, ${maxQuantity}),
             status = 'SENDING', frozen_at = ${ts(at)}::timestamp,
             unit_price = p.unit_price, currency = p.currency
        FROM (
          SELECT x.id, COALESCE(sd.unit_price, ld.unit_price) AS unit_price,
                 CASE WHEN sd.unit_price IS NOT NULL THEN sd.currency ELSE ld.currency END AS currency
            FROM usage_hour x JOIN metering_subscription s ON s.id = x.subscription_id
            LEFT JOIN metering_subscription_dimension sd ON sd.subscription_id = x.subscription_id AND sd.dimension = x.dimension AND sd.unit_price IS NOT NULL
            LEFT JOIN listing_dimension ld ON ld.listing_id = s.listing_id AND ld.key = x.dimension
           WHERE x.id = ANY(${ids}::uuid[])
        ) p
       WHERE h.id = p.id AND h.status = 'PENDING' AND h.billed_quantity IS NULL`;
  }

  /** Hours that aged out before they could be sent: never sent, so nothing is billed. */
  async expire(ids: string[], reason: string, at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return this.prisma.$executeRaw`
      UPDATE usage_hour SET status = 'REJECTED', reason = ${reason}, settled_at = ${ts(at)}::timestamp
       WHERE id = ANY(${ids}::uuid[]) AND status = 'PENDING'`;
  }

  /** Claims frozen hours nobody is sending (a dead worker's claims lapse), product by product so that calls are full. */
  claimSending(limit: number, until: Date, realNow: Date): Promise<ClaimedHour[]> {
    return this.prisma.$queryRaw<ClaimedHour[]>`
      WITH claimed AS (
        UPDATE usage_hour SET claimed_until = ${ts(until)}::timestamp
         WHERE id IN (
           SELECT x.id FROM usage_hour x JOIN metering_subscription xs ON xs.id = x.subscription_id
            WHERE x.status = 'SENDING' AND (x.claimed_until IS NULL OR x.claimed_until < ${ts(realNow)}::timestamp)
            ORDER BY xs.cloud, xs.product_code, x.hour LIMIT ${limit} FOR UPDATE OF x SKIP LOCKED)
        RETURNING *)
      SELECT c.id, s.cloud::text AS cloud, s.product_code AS "productCode", s.aws_account_id AS "awsAccountId", s.license_arn AS "licenseArn",
             s.customer_identifier AS "customerIdentifier", CASE WHEN s.cloud = 'AZURE' THEN s.customer_ref END AS "azureResourceId",
             s.azure_plan_id AS "azurePlanId", c.dimension, c.hour, c.billed_quantity AS "billedQuantity", c.send_attempts AS "sendAttempts"
        FROM claimed c JOIN metering_subscription s ON s.id = c.subscription_id
       ORDER BY s.cloud, s.product_code, c.hour, c.id`;
  }

  /** Counted before the call: after a crash, an attempt count above zero means "maybe sent". */
  async countAttempt(ids: string[]): Promise<void> {
    await this.prisma.$executeRaw`UPDATE usage_hour SET send_attempts = send_attempts + 1 WHERE id = ANY(${ids}::uuid[])`;
  }

  async settle(settlements: HourSettlement[], at: Date): Promise<void> {
    if (settlements.length === 0) return;
    await this.prisma.$executeRaw`
      UPDATE usage_hour h
         SET status = v.status::"UsageHourStatus", reason = v.reason, metering_record_id = v.record_id,
             settled_at = ${ts(at)}::timestamp, claimed_until = NULL
        FROM unnest(${settlements.map((s) => s.id)}::uuid[], ${settlements.map((s) => s.status)}::text[],
                    ${settlements.map((s) => s.reason)}::text[], ${settlements.map((s) => s.meteringRecordId)}::text[]) AS v(id, status, reason, record_id)
       WHERE h.id = v.id AND h.status = 'SENDING'`;
  }

  /** Gives hours back for the next tick (after retries ran out), noting why. */
  async release(ids: string[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma
      .$executeRaw`UPDATE usage_hour SET claimed_until = NULL, reason = ${reason} WHERE id = ANY(${ids}::uuid[]) AND status = 'SENDING'`;
  }

  /** Subscriptions being flushed whose hours are all frozen: usage from now on is refused. */
  async markFinalFlushes(at: Date): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE metering_subscription s SET final_flush_at = ${ts(at)}::timestamp
       WHERE s.status = 'UNSUBSCRIBE_PENDING' AND s.final_flush_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM usage_hour h WHERE h.subscription_id = s.id AND h.status = 'PENDING')
      RETURNING s.id`;
    await this.prisma.$executeRaw`
      UPDATE metering_subscription s SET status = 'ENDED'
       WHERE s.status = 'UNSUBSCRIBE_PENDING' AND s.final_flush_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM usage_hour h WHERE h.subscription_id = s.id AND h.status IN ('PENDING', 'SENDING'))`;
    return rows.map((r) => r.id);
  }

  /** Accepted hours whose revenue has not gone to the attribution bridge yet. */
  acceptedUnpublished(limit: number): Promise<AcceptedHour[]> {
    return this.acceptedWhere(Prisma.sql`h.revenue_published_at IS NULL`, limit);
  }

  /**
   * Hours whose revenue was sent before `before` and is still not credited
   * (the bridge marks them in its crediting transaction): the job carrying
   * them was lost with Redis or failed past its retries. Hours of no value
   * have nothing to credit and are never sent.
   */
  publishedUncredited(before: Date, limit: number): Promise<AcceptedHour[]> {
    return this.acceptedWhere(
      Prisma.sql`h.revenue_published_at < ${ts(before)}::timestamp AND h.revenue_credited_at IS NULL AND h.value_minor > 0`,
      limit,
    );
  }

  private acceptedWhere(condition: Prisma.Sql, limit: number): Promise<AcceptedHour[]> {
    return this.prisma.$queryRaw<AcceptedHour[]>`
      SELECT h.id, s.cloud::text AS cloud, COALESCE(s.aws_account_id, s.customer_ref) AS "customerAccountId",
             COALESCE(l.product_id, s.product_code) AS "productId", s.listing_id AS "listingId",
             s.marketplace_agreement_id AS "marketplaceAgreementId", h.dimension, h.hour,
             h.billed_quantity AS "billedQuantity", h.unit_price::text AS "unitPrice", h.currency
        FROM usage_hour h JOIN metering_subscription s ON s.id = h.subscription_id
        LEFT JOIN listing l ON l.id = s.listing_id
       WHERE h.status = 'ACCEPTED' AND ${condition}
       ORDER BY h.hour LIMIT ${limit}`;
  }

  async markPublished(values: { id: string; valueMinor: bigint | null }[], at: Date): Promise<void> {
    if (values.length === 0) return;
    await this.prisma.$executeRaw`
      UPDATE usage_hour h SET revenue_published_at = ${ts(at)}::timestamp, value_minor = v.value
        FROM unnest(${values.map((v) => v.id)}::uuid[], ${values.map((v) => (v.valueMinor === null ? null : v.valueMinor.toString()))}::bigint[]) AS v(id, value)
       WHERE h.id = v.id`;
  }
}
