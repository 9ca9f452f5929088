import pg from 'pg';
import { startProductStack, testConfig, type ProductStack } from '@bridge/testing';

/**
 * Ledger lines as the attribution bridge writes them (one INSERT per statement,
 * each statement firing the rollup trigger once). `at` is spread over months
 * so pages, periods and rollups all have something to cut.
 */
export async function writeLines(
  client: pg.ClientBase,
  partnerId: string,
  lines: { key: string; at: Date; minor: bigint; engagement?: string; source?: string; kicker?: string | null; currency?: string }[],
) {
  const values: unknown[] = [];
  const rows = lines.map((l, i) => {
    values.push(
      l.key,
      partnerId,
      l.source ?? 'PURCHASE',
      l.engagement ?? 'SOURCED',
      l.kicker ?? null,
      l.minor.toString(),
      l.currency ?? 'USD',
      l.at,
    );
    const p = (n: number) => `$${i * 8 + n}`;
    return `(gen_random_uuid(), ${p(1)}, ${p(2)}::uuid, ${p(3)}::"CreditSource", ${p(4)}::"Engagement", 'test-rule', ${p(5)}, 10000, ${p(6)}::bigint, ${p(7)}, 'test', ${p(8)})`;
  });
  await client.query(
    `INSERT INTO partner_credit (id, credit_key, partner_id, source, engagement, rule_id, kicker, share_bps, amount_minor, currency, reason, occurred_at)
     VALUES ${rows.join(', ')}`,
    values,
  );
}

/**
 * The product stack (no workers) for a suite, and a database client beside
 * it for writing what the suite reads back: started before its tests,
 * stopped after them.
 */
export function stackWithDatabase(): { get: () => { stack: ProductStack; db: pg.Client } } {
  let stack: ProductStack;
  let db: pg.Client;
  beforeAll(async () => {
    stack = await startProductStack(await testConfig(), { workers: false });
    db = new pg.Client({ connectionString: stack.config.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await stack.stop();
  });
  return { get: () => ({ stack, db }) };
}
