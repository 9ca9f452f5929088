import pg from 'pg';
import { dashboardSession, queryDatabase, reconciliationTotalMismatches, type ProductStack } from '@bridge/testing';
import { ADMIN_KEY, createPartner, freshWorld } from '../attribution/attribution-fixtures';
import { call } from '../http-client';
import { stackWithDatabase, writeLines } from './ledger-lines';

jest.setTimeout(60_000);

interface Page {
  page: { limit: number; nextCursor: string | null };
}

/** Every page of a list, `limit` rows at a time, following page.nextCursor: the rows in the order the pages gave them. */
async function everyPage<T>(url: string, field: string, limit: number): Promise<T[]> {
  const rows: T[] = [];
  let cursor = '';
  for (let pages = 0; pages < 50; pages++) {
    const answer = await call<Page & Record<string, T[]>>(
      'GET',
      `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor && `&cursor=${cursor}`}`,
      {
        key: ADMIN_KEY,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.page.limit).toBe(limit);
    const page = answer.body[field] as T[];
    expect(page.length).toBeLessThanOrEqual(limit);
    rows.push(...page);
    if (!answer.body.page.nextCursor) return rows;
    cursor = answer.body.page.nextCursor;
  }
  throw new Error(`${url} did not end within 50 pages`);
}

/** A reconciled item as the matcher stores it (the columns the totals follow, the rest plain). */
const itemValues = (ref: string, status: string, currency: string, variance: number, disbursed: number) =>
  `('AWS', '${ref}', '${currency}', 100000, 300, 'tier', 97000, 100000, 3000, 0, 0, 0, 97000, ${disbursed}, 100000, ${variance},
    '${status}'::"ReconciliationStatus", 'test', 1, 0, gen_random_uuid())`;
const ITEM_COLUMNS = `(cloud, transaction_reference_id, currency, expected_gross_minor, fee_bps, fee_reason, expected_net_minor, invoiced_gross_minor,
  fee_minor, refunds_minor, tax_minor, uncollected_minor, collected_net_minor, disbursed_minor, disbursed_gross_minor, variance_minor, status,
  explanation, row_count, superseded_rows, last_import_id)`;

describe('reads kept in step as they are written, and the lists that page', () => {
  const suite = stackWithDatabase();
  let stack: ProductStack;
  let db: pg.Client;
  beforeAll(() => ({ stack, db } = suite.get()));

  it("counts a partner's trailing-year PAR to the millisecond at both ends of the year, from rollup months and ledger edges", async () => {
    await freshWorld(stack);
    const partner = await createPartner(stack, 'Edge Partners', 'GSI', '410000000001');
    for (const kind of ['SALES', 'TECHNICAL'])
      await call('POST', `${stack.apiUrl}/v1/partners/${partner}/certifications`, {
        key: ADMIN_KEY,
        body: { kind, name: `${kind} cert`, expiresAt: '2030-01-01T00:00:00Z' },
      });
    const asOf = Date.parse('2026-07-15T12:00:00.000Z');
    const yearBefore = asOf - 365 * 86_400_000;
    const line = (key: string, at: number, minor: bigint, more: { engagement?: string; currency?: string; kicker?: string } = {}) => ({
      key,
      at: new Date(at),
      minor,
      ...more,
    });
    await writeLines(db, partner, [
      line('at-the-start', yearBefore, 1_000n), // the year starts after this instant
      line('just-after-the-start', yearBefore + 1, 2_000n),
      line('end-of-the-first-part-month', Date.parse('2025-07-31T23:59:59.999Z'), 4_000n),
      line('first-whole-month', Date.parse('2025-08-01T00:00:00.000Z'), 8_000n),
      line('last-whole-month', Date.parse('2026-06-30T23:59:59.999Z'), 16_000n),
      line('start-of-the-last-part-month', Date.parse('2026-07-01T00:00:00.000Z'), 32_000n),
      line('at-as-of', asOf, 64_000n),
      line('after-as-of', asOf + 1, 128_000n),
      line('influenced', asOf - 86_400_000, 256_000n, { engagement: 'INFLUENCED' }),
      line('in-euros', asOf - 86_400_000, 512_000n, { currency: 'EUR' }),
      line('a-kicker', asOf - 86_400_000, 1_024_000n, { kicker: 'NEW_LOGO' }),
    ]);
    // A second statement leaves deltas beside the folded rollup: the health reads both.
    await writeLines(db, partner, [line('in-a-later-statement', Date.parse('2026-01-10T00:00:00.000Z'), 100_000n)]);
    const health = await call<{ tierSuggestion: { tier: string; missingForNext: string[] } }>(
      'GET',
      `${stack.apiUrl}/v1/partners/${partner}/health?asOf=${new Date(asOf).toISOString()}`,
      { key: ADMIN_KEY },
    );
    expect(health.status).toBe(200);
    expect(health.body.tierSuggestion.tier).toBe('SELECT');
    // ADVANCED needs 250,000.00 USD of trailing PAR; the year holds 2,000 + 4,000 + 8,000 + 16,000 + 32,000 + 64,000 + 100,000 minor units
    // (2,260.00 USD), so 247,740.00 USD are missing.
    expect(health.body.tierSuggestion.missingForNext).toContainEqual('ADVANCED: 247740.00 USD more trailing PAR');
  });

  it("shows the overview's top 200 partners in the ledger's order, ties at the cut and deltas not yet folded included", async () => {
    await freshWorld(stack);
    await db.query(
      `INSERT INTO partner (id, name, persona) SELECT gen_random_uuid(), 'LB ' || lpad(i::text, 3, '0'), 'GSI' FROM generate_series(1, 230) i`,
    );
    // Ten partners share each amount, so the 200th place falls inside a tie that only names can break.
    await db.query(
      `INSERT INTO partner_credit (id, credit_key, partner_id, source, engagement, rule_id, share_bps, amount_minor, currency, reason, occurred_at)
       SELECT gen_random_uuid(), 'lb-' || p.name, p.id, 'PURCHASE', 'SOURCED', 'test', 10000, 1000 * (substr(p.name, 4)::int / 10 + 1), 'USD', 'test', now()
         FROM partner p WHERE p.name LIKE 'LB %'`,
    );
    // While another transaction holds the compaction, new lines stay deltas: one partner climbs from the bottom, one falls from the top.
    const holder = new pg.Client({ connectionString: stack.config.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtext('partner_credit_rollup_compact'))`);
      await db.query(
        `INSERT INTO partner_credit (id, credit_key, partner_id, source, engagement, rule_id, share_bps, amount_minor, currency, reason, occurred_at)
         SELECT gen_random_uuid(), 'lb-late-' || p.name, p.id, 'USAGE', 'INFLUENCED', 'test', 10000,
                CASE p.name WHEN 'LB 002' THEN 100000 ELSE -100000 END, 'USD', 'test', now()
           FROM partner p WHERE p.name IN ('LB 002', 'LB 229')`,
      );
      expect((await queryDatabase(stack.config.DATABASE_URL, 'SELECT 1 FROM partner_credit_rollup_delta')).length).toBeGreaterThan(0);
      const expected = await queryDatabase<{ partner_id: string }>(
        stack.config.DATABASE_URL,
        `SELECT c.partner_id::text FROM partner_credit c JOIN partner p ON p.id = c.partner_id WHERE c.kicker IS NULL
          GROUP BY c.partner_id, p.name ORDER BY sum(c.amount_minor) DESC, p.name, c.partner_id LIMIT 200`,
      );
      const overview = await fetch(`${stack.apiUrl}/dashboard`, { headers: { cookie: await dashboardSession(stack.apiUrl, ADMIN_KEY) } });
      const board = (await overview.text()).split('data-testid="leaderboard"')[1]!.split('</section>')[0]!;
      const shown = [...board.matchAll(/href="\/dashboard\/partners\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
      expect(shown).toEqual(expected.map((r) => r.partner_id));
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it("keeps the reconciliation totals equal to the items' own sums under concurrent imports, re-matching, removal and a truncate", async () => {
    await freshWorld(stack);
    const statuses = ['MATCHED', 'SHORT_PAID', 'OVER_PAID', 'MATCHED'];
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const client = new pg.Client({ connectionString: stack.config.DATABASE_URL });
      await client.connect();
      try {
        await client.query('BEGIN');
        for (let s = 0; s < 3; s++)
          await client.query(
            `INSERT INTO reconciliation_item ${ITEM_COLUMNS} VALUES ${Array.from({ length: 10 }, (_, i) =>
              itemValues(`w${w}-s${s}-${i}`, statuses[(w + i) % 4]!, i % 3 ? 'USD' : 'EUR', (w + 1) * (i - 5), 97000 + (w + 1) * (i - 5)),
            ).join(', ')}`,
          );
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    });
    await Promise.all(writers);
    expect(await reconciliationTotalMismatches(stack.config.DATABASE_URL)).toEqual([]);
    // Matching again moves items between statuses; a later import replaces some and drops others.
    await db.query(`UPDATE reconciliation_item SET status = 'MATCHED', variance_minor = 0 WHERE transaction_reference_id LIKE 'w1-%'`);
    await db.query(`DELETE FROM reconciliation_item WHERE transaction_reference_id LIKE 'w2-s1-%'`);
    expect(await reconciliationTotalMismatches(stack.config.DATABASE_URL)).toEqual([]);
    const totals = await queryDatabase<{ items: string }>(
      stack.config.DATABASE_URL,
      'SELECT sum(items)::text AS items FROM reconciliation_item_total_live',
    );
    expect(totals[0]!.items).toBe('170');

    await db.query('TRUNCATE reconciliation_item');
    expect(await queryDatabase(stack.config.DATABASE_URL, 'SELECT 1 FROM reconciliation_item_total_live')).toHaveLength(0);
  });

  it("shows the overview's offer pipeline as the offers' own sums, under concurrent writers, deltas not yet folded, and live offers past expiry", async () => {
    await freshWorld(stack);
    const [{ id: listing }] = await queryDatabase<{ id: string }>(
      stack.config.DATABASE_URL,
      `INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES (gen_random_uuid(), 'AWS', 'prod-pipeline', 'Pipeline', now()) RETURNING id`,
    );
    const kinds = ['PRIVATE', 'CHANNEL', 'PUBLIC'];
    const states = ['DRAFT', 'PUBLISHING', 'PUBLISHED', 'ACCEPTED', 'EXPIRED'];
    const writers = Array.from({ length: 5 }, async (_, w) => {
      const client = new pg.Client({ connectionString: stack.config.DATABASE_URL });
      await client.connect();
      try {
        for (let s = 0; s < 3; s++)
          await client.query(
            `INSERT INTO offer (id, cloud, kind, state, listing_id, contract_value_minor, currency, expires_at, updated_at)
             SELECT gen_random_uuid(), 'AWS', ($2::text[])[1 + (i + $1) % 3]::"OfferKind", ($3::text[])[1 + (i * 7 + $1) % 5]::"OfferState", $4,
                    1000 * (i + $1), CASE WHEN i % 4 = 0 THEN 'EUR' ELSE 'USD' END,
                    now() + CASE WHEN i % 3 = 0 THEN interval '-1 day' ELSE interval '30 days' END, now()
               FROM generate_series(1, 12) i`,
            [w * 10 + s, kinds, states, listing],
          );
      } finally {
        await client.end();
      }
    });
    await Promise.all(writers);
    await db.query(`UPDATE offer SET state = 'ACCEPTED' WHERE state = 'PUBLISHED' AND contract_value_minor % 3000 = 0`);
    await db.query(`DELETE FROM offer WHERE state = 'DRAFT' AND contract_value_minor % 2000 = 0`);
    // The pipeline as every offer's own row says, expiry read from the clock (shownOfferState).
    const expected = async () =>
      (
        await queryDatabase<{ row: string }>(
          stack.config.DATABASE_URL,
          `SELECT CASE WHEN state IN ('PUBLISHING', 'PUBLISHED') AND expires_at <= now() THEN 'EXPIRED' ELSE state::text END
                  || ' ' || kind || ' ' || count(*) AS row
             FROM offer WHERE kind <> 'PUBLIC' GROUP BY state, kind, expires_at <= now() ORDER BY 1`,
        )
      ).map((r) => r.row);
    const shown = async () => {
      const overview = await fetch(`${stack.apiUrl}/dashboard`, { headers: { cookie: await dashboardSession(stack.apiUrl, ADMIN_KEY) } });
      const card = (await overview.text()).split('data-testid="pipeline"')[1]!.split('</section>')[0]!;
      const counted = new Map<string, number>();
      for (const [, state, kind, offers] of card.matchAll(
        /<span class="pill">(\w+)<\/span><\/td>\s*<td>(\w+)<\/td>\s*<td class="num">(\d+)</g,
      ))
        counted.set(`${state} ${kind}`, (counted.get(`${state} ${kind}`) ?? 0) + Number(offers));
      return [...counted].map(([key, offers]) => `${key} ${offers}`).sort();
    };
    const merged = (rows: string[]) => {
      const counted = new Map<string, number>();
      for (const row of rows) {
        const [state, kind, offers] = row.split(' ');
        counted.set(`${state} ${kind}`, (counted.get(`${state} ${kind}`) ?? 0) + Number(offers));
      }
      return [...counted].map(([key, offers]) => `${key} ${offers}`).sort();
    };
    expect((await expected()).some((r) => r.startsWith('EXPIRED'))).toBe(true);
    expect(await shown()).toEqual(merged(await expected()));
    expect(
      await queryDatabase(
        stack.config.DATABASE_URL,
        `SELECT * FROM (SELECT state, kind, currency, count(*)::bigint AS offers, sum(contract_value_minor)::bigint AS value FROM offer GROUP BY 1, 2, 3) o
          FULL JOIN offer_pipeline_total_live t USING (state, kind, currency)
         WHERE o.offers IS DISTINCT FROM t.offers OR o.value IS DISTINCT FROM t.contract_value_minor`,
      ),
    ).toEqual([]);

    // While another transaction holds the compaction, a change stays a delta, and is shown all the same.
    const holder = new pg.Client({ connectionString: stack.config.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtext('offer_pipeline_total_compact'))`);
      await db.query(
        `UPDATE offer SET state = 'PUBLISHED', expires_at = now() - interval '1 hour' WHERE state = 'DRAFT' AND kind = 'CHANNEL'`,
      );
      expect((await queryDatabase(stack.config.DATABASE_URL, 'SELECT 1 FROM offer_pipeline_total_delta')).length).toBeGreaterThan(0);
      expect(await shown()).toEqual(merged(await expected()));
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }

    await db.query('TRUNCATE offer CASCADE');
    expect(await queryDatabase(stack.config.DATABASE_URL, 'SELECT 1 FROM offer_pipeline_total_live')).toHaveLength(0);
  });

  it('streams the variances export whole: every unmatched item once, across batches, and no matched one', async () => {
    await freshWorld(stack);
    await db.query(
      `INSERT INTO reconciliation_item ${ITEM_COLUMNS}
       SELECT 'AWS', 'v-' || lpad(i::text, 5, '0'), 'USD', 100000, 300, 'tier', 97000, 100000, 3000, 0, 0, 0, 97000, 97000 - (i % 7), 100000, -(i % 7),
              (CASE WHEN i % 5 = 0 THEN 'MATCHED' ELSE 'SHORT_PAID' END)::"ReconciliationStatus", 'test', 1, 0, gen_random_uuid()
         FROM generate_series(1, 2600) i`,
    );
    const csv = await fetch(`${stack.apiUrl}/dashboard/reconciliation/variances.csv`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^cloud,transaction_reference_id,status,/);
    const refs = lines.slice(1).map((l) => l.split(',')[1]!);
    expect(refs).toHaveLength(2080);
    expect(new Set(refs).size).toBe(2080);
    expect(refs.some((r) => Number(r.slice(2)) % 5 === 0)).toBe(false);
  });

  it('pages the feed imports newest first, each once, when their seqs gain a digit', async () => {
    await freshWorld(stack);
    // Truncation keeps the sequence, so the seqs were whatever the suites before left: set (every table was just emptied,
    // any value is free), the five run 98..102 and gain a digit, as a living installation's do.
    await queryDatabase(stack.config.DATABASE_URL, `SELECT setval(pg_get_serial_sequence('reconciliation_import', 'seq'), 97)`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [row] = await queryDatabase<{ id: string }>(
        stack.config.DATABASE_URL,
        `INSERT INTO reconciliation_import (id, feed, cloud, file_name, origin, on_malformed, status, actor, updated_at)
         VALUES (gen_random_uuid(), 'AWS_BILLING_EVENTS', 'AWS', $1, 'upload', 'REFUSE', 'COMPLETED', 'test', now()) RETURNING id`,
        [`feed-${i}.csv`],
      );
      ids.push(row!.id);
    }
    const listed = await everyPage<{ id: string; fileName: string }>(`${stack.apiUrl}/v1/reconciliation/imports`, 'imports', 2);
    expect(listed.map((i) => i.id)).toEqual([...ids].reverse());
  });

  it("pages an offer's audit trail oldest first, entries of one instant each once", async () => {
    await freshWorld(stack);
    const partner = await createPartner(stack, 'Audited', 'RESELLER', '410000000002');
    const [offer] = await queryDatabase<{ id: string }>(
      stack.config.DATABASE_URL,
      `WITH l AS (INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES (gen_random_uuid(), 'AWS', 'prod-audit', 'Audit', now()) RETURNING id)
       INSERT INTO offer (id, cloud, kind, state, listing_id, partner_id, contract_value_minor, currency, buyer_accounts, created_at, updated_at)
       SELECT gen_random_uuid(), 'AWS', 'PRIVATE', 'DRAFT', l.id, $1::uuid, 100000, 'USD', ARRAY['123456789012'], now(), now() FROM l RETURNING id`,
      [partner],
    );
    const at = ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', '2026-03-02T09:00:00Z', '2026-02-28T08:00:00Z'];
    for (const [i, when] of at.entries())
      await queryDatabase(
        stack.config.DATABASE_URL,
        `INSERT INTO audit_entry (id, actor, action, entity_type, entity_id, reason, at) VALUES (gen_random_uuid(), 'test', $1, 'offer', $2, NULL, $3)`,
        [`step-${i}`, offer!.id, when],
      );
    const entries = await everyPage<{ at: string; action: string }>(`${stack.apiUrl}/v1/offers/${offer!.id}/audit`, 'entries', 2);
    expect(entries).toHaveLength(5);
    expect(new Set(entries.map((e) => e.action)).size).toBe(5);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    expect(entries[0]!.action).toBe('step-4');
    expect(entries[4]!.action).toBe('step-3');
  });

  it('pages the usage alerts newest hour first: hours aging out and hours needing a person, nothing else', async () => {
    await freshWorld(stack);
    const now = Date.parse((await call<{ now: string }>('GET', `${stack.apiUrl}/v1/usage/alerts`, { key: ADMIN_KEY })).body.now);
    const hour = (hoursAgo: number) => new Date(Math.floor(now / 3_600_000) * 3_600_000 - hoursAgo * 3_600_000);
    const [sub] = await queryDatabase<{ id: string }>(
      stack.config.DATABASE_URL,
      `INSERT INTO metering_subscription (id, cloud, customer_ref, product_code, started_at) VALUES (gen_random_uuid(), 'AWS', 'cust-alerts', 'prod-a', $1)
       RETURNING id`,
      [hour(2000)],
    );
    // [hours ago, status, reason, unbillable]: the window is 6 h and alerts start 90 minutes before a deadline.
    const hours: [number, string, string | null, number][] = [
      [0, 'PENDING', null, 0], // just opened: its deadline is hours away
      [5, 'PENDING', null, 0], // its deadline is within the next hour or so: about to age out
      [30, 'SENDING', null, 0], // past its deadline: aged out
      [40, 'UNKNOWN', null, 0],
      [50, 'REJECTED', 'DUPLICATE_CONFLICT: another quantity', 0],
      [60, 'REJECTED', 'CUSTOMER_NOT_SUBSCRIBED', 0], // settled, no alert
      [70, 'ACCEPTED', null, 3], // late usage that could not be billed
      [80, 'ACCEPTED', null, 0],
    ];
    for (const [ago, status, reason, unbillable] of hours)
      await queryDatabase(
        stack.config.DATABASE_URL,
        `INSERT INTO usage_hour (subscription_id, dimension, hour, received_quantity, record_count, status, reason, unbillable_quantity, billed_quantity, send_attempts)
         VALUES ($1::uuid, 'api_calls', $2, 10, 1, $3::"UsageHourStatus", $4, $5, CASE WHEN $3 IN ('ACCEPTED', 'REJECTED') THEN 10 END, 0)`,
        [sub!.id, hour(ago), status, reason, unbillable],
      );
    const alerts = await everyPage<{ kind: string; hour: string }>(`${stack.apiUrl}/v1/usage/alerts`, 'alerts', 2);
    expect(alerts.map((a) => [a.hour, a.kind])).toEqual([
      [hour(5).toISOString(), 'ABOUT_TO_AGE_OUT'],
      [hour(30).toISOString(), 'AGED_OUT'],
      [hour(40).toISOString(), 'OUTCOME_UNKNOWN'],
      [hour(50).toISOString(), 'DUPLICATE_CONFLICT'],
      [hour(70).toISOString(), 'UNBILLABLE_LATE_USAGE'],
    ]);
  });
});
