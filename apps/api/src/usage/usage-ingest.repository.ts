import { Injectable } from '@nestjs/common';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { PgPool } from '@bridge/postgres';

/** A record ready to store: customer resolved to its subscription, hour computed. */
export interface StoredUsage {
  idempotencyKey: string;
  subscriptionId: string;
  dimension: string;
  /** ISO-8601 UTC. */
  usageAt: string;
  hour: string;
  quantity: number;
}

export interface StoredRecordView {
  idempotencyKey: string;
  subscriptionId: string;
  dimension: string;
  usageAt: string;
  quantity: number;
}

const UNIQUE_VIOLATION = '23505';
const DEADLOCK = '40P01';

/**
 * Writes accepted usage in bulk, durable before the API answers. The fast
 * path COPYs the batch into usage_record (the idempotency key is its primary
 * key) and adds each hour's sum to usage_hour, in one transaction. A batch
 * holding a key already stored fails the COPY and takes the slow path: an
 * unnest INSERT ... ON CONFLICT DO NOTHING that reports which keys were new.
 * The slow path inserts keys, and both paths add hours, in sorted order, so
 * concurrent repeats of a batch lock rows in the same order; a deadlock
 * left (two fast-path COPYs sharing keys) is retried.
 */
@Injectable()
export class UsageIngestRepository {
  constructor(private readonly pg: PgPool) {}

  /** Stores the records (no key twice); returns the keys that were new. */
  async store(records: StoredUsage[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.copyAll(records);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === UNIQUE_VIOLATION) return this.insertNew(records);
        if (code === DEADLOCK && attempt < 5) continue;
        throw error;
      }
    }
  }

  /** What is stored under these keys (for telling a repeat from a key reused for other usage). */
  async storedRecords(keys: string[]): Promise<Map<string, StoredRecordView>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.pg.pool.query<{ k: string; s: string; d: string; t: Date; q: string }>(
      `SELECT idempotency_key AS k, subscription_id AS s, dimension AS d, usage_at AS t, quantity::text AS q
         FROM usage_record WHERE idempotency_key = ANY($1::text[])`,
      [keys],
    );
    return new Map(
      rows.map((r) => [r.k, { idempotencyKey: r.k, subscriptionId: r.s, dimension: r.d, usageAt: utc(r.t), quantity: Number(r.q) }]),
    );
  }

  private async copyAll(records: StoredUsage[]): Promise<Set<string>> {
    const text = copyText(records);
    return this.pg.transaction(async (client) => {
      const stream = client.query(
        copyFrom('COPY usage_record (idempotency_key, subscription_id, dimension, usage_at, quantity) FROM STDIN'),
      );
      stream.end(text);
      await finished(stream);
      await this.addToHours(client, records);
      return new Set(records.map((r) => r.idempotencyKey));
    });
  }

  private async insertNew(unsorted: StoredUsage[]): Promise<Set<string>> {
    const records = [...unsorted].sort((a, b) => (a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0));
    return this.pg.transaction(async (client) => {
      const { rows } = await client.query<{ k: string }>(
        `INSERT INTO usage_record (idempotency_key, subscription_id, dimension, usage_at, quantity)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamp[], $5::bigint[])
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key AS k`,
        [
          records.map((r) => r.idempotencyKey),
          records.map((r) => r.subscriptionId),
          records.map((r) => r.dimension),
          records.map((r) => r.usageAt),
          records.map((r) => r.quantity),
        ],
      );
      const inserted = new Set(rows.map((r) => r.k));
      await this.addToHours(
        client,
        records.filter((r) => inserted.has(r.idempotencyKey)),
      );
      return inserted;
    });
  }

  /** Adds the batch's per-hour sums; a frozen hour's extra usage is carried forward by the metering worker. */
  private async addToHours(client: pg.PoolClient, records: StoredUsage[]): Promise<void> {
    // Nested maps: no key string is built per record.
    const sums = new Map<string, Map<string, Map<string, { q: number; c: number }>>>();
    for (const r of records) {
      let bySubscription = sums.get(r.subscriptionId);
      if (!bySubscription) sums.set(r.subscriptionId, (bySubscription = new Map()));
      let byDimension = bySubscription.get(r.dimension);
      if (!byDimension) bySubscription.set(r.dimension, (byDimension = new Map()));
      const sum = byDimension.get(r.hour);
      if (sum) {
        sum.q += r.quantity;
        sum.c += 1;
      } else byDimension.set(r.hour, { q: r.quantity, c: 1 });
    }
    const rows: { s: string; d: string; h: string; q: number; c: number }[] = [];
    for (const [s, byDimension] of sums)
      for (const [d, byHour] of byDimension) for (const [h, { q, c }] of byHour) rows.push({ s, d, h, q, c });
    if (rows.length === 0) return;
    // Sorted, so concurrent batches lock the same hours in the same order.
    rows.sort((a, b) => (a.s !== b.s ? (a.s < b.s ? -1 : 1) : a.d !== b.d ? (a.d < b.d ? -1 : 1) : a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    await client.query(
      `INSERT INTO usage_hour (subscription_id, dimension, hour, received_quantity, record_count)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamp[], $4::bigint[], $5::int[])
       ON CONFLICT (subscription_id, dimension, hour) DO UPDATE
         SET received_quantity = usage_hour.received_quantity + EXCLUDED.received_quantity,
             record_count = usage_hour.record_count + EXCLUDED.record_count`,
      [rows.map((r) => r.s), rows.map((r) => r.d), rows.map((r) => r.h), rows.map((r) => String(r.q)), rows.map((r) => r.c)],
    );
  }
}

/** COPY text format; keys and dimensions hold no control characters (validated), so only "\" needs escaping. */
function copyText(records: StoredUsage[]): string {
  let text = '';
  for (const r of records)
    text += `${escape(r.idempotencyKey)}\t${r.subscriptionId}\t${escape(r.dimension)}\t${r.usageAt}\t${r.quantity}\n`;
  return text;
}

const escape = (value: string) => (value.includes('\\') ? value.replace(/\\/g, '\\\\') : value);

/** pg reads a timestamp without time zone as local time; the columns hold UTC. */
function utc(value: Date): string {
  return new Date(value.getTime() - value.getTimezoneOffset() * 60_000).toISOString();
}
