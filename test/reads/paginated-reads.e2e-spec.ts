import pg from 'pg';
import { checkCreditRollups, describeRollupCheck, queryDatabase, type ProductStack } from '@bridge/testing';
import { DEFAULT_PAGE_LIMIT } from '@bridge/pagination';
import { ADMIN_KEY, createPartner, freshWorld } from '../attribution/attribution-fixtures';
import { call } from '../http-client';
import { stackWithDatabase, writeLines } from './ledger-lines';

interface CreditsPage {
  totals: { engagement: string; currency: string; amountMinor: string; lines: number }[];
  entries: { id: string; occurredAt: string; amountMinor: string; currency: string; engagement: string; source: string }[];
  page: { limit: number; nextCursor: string | null };
}

jest.setTimeout(60_000);

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

describe('paginated reads and rollups that equal the ledger', () => {
  const suite = stackWithDatabase();
  let stack: ProductStack;
  let db: pg.Client;
  beforeAll(() => ({ stack, db } = suite.get()));

  const credits = (partnerId: string, query: string) =>
    call<CreditsPage>('GET', `${stack.apiUrl}/v1/partners/${partnerId}/credits${query}`, { key: ADMIN_KEY });

  it("pages a partner's credits in ledger order, each line exactly once, while lines are written between pages", async () => {
    await freshWorld(stack);
    const partner = await createPartner(stack, 'Tailspin Resale', 'RESELLER', '111122223333');
    // 250 lines over five months, two currencies, both engagements, some refunds and kickers; several share an instant.
    const first = Array.from({ length: 250 }, (_, i) => ({
      key: `line-${i}`,
      at: new Date(START + Math.floor(i / 2) * 1.2 * DAY),
      minor: i % 17 === 0 ? -BigInt(100 + i) : BigInt(1000 + i * 7),
      engagement: i % 3 === 0 ? 'INFLUENCED' : 'SOURCED',
      source: i % 17 === 0 ? 'REFUND' : i % 11 === 0 ? 'KICKER' : 'PURCHASE',
      kicker: i % 11 === 0 && i % 17 !== 0 ? 'NEW_LOGO' : null,
      currency: i % 5 === 0 ? 'EUR' : 'USD',
    }));
    await writeLines(db, partner, first);

    const seen: string[] = [];
    let page = await credits(partner, '?limit=100');
    expect(page.status).toBe(200);
    expect(page.body.entries).toHaveLength(100);
    seen.push(...page.body.entries.map((e) => e.id));
    // Written while the client pages: lines newer than what it has seen, and older ones still ahead of its cursor.
    await writeLines(db, partner, [
      ...[1, 2, 3].map((n) => ({ key: `late-new-${n}`, at: new Date(START + 400 * DAY + n), minor: 5n })),
      ...[1, 2].map((n) => ({ key: `late-old-${n}`, at: new Date(START - n * DAY), minor: 7n })),
    ]);
    while (page.body.page.nextCursor) {
      page = await credits(partner, `?limit=100&cursor=${page.body.page.nextCursor}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries.map((e) => e.id));
    }
    const ledger = await queryDatabase<{ id: string; credit_key: string }>(
      stack.config.DATABASE_URL,
      `SELECT id, credit_key FROM partner_credit WHERE partner_id = $1 ORDER BY occurred_at, created_at, id`,
      [partner],
    );
    // Every line once, in order: those written ahead of the cursor are read, those behind it wait for a read from the start.
    const expected = ledger.filter((l) => !l.credit_key.startsWith('late-old-')).map((l) => l.id);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(253);
    const fromStart = await credits(partner, '?limit=2');
    expect(fromStart.body.entries.map((e) => e.amountMinor)).toEqual(['7', '7']);
  });

  it("gives a period's totals from the rollup, equal to the ledger's own sum for the same filter", async () => {
    const partner = (await queryDatabase<{ id: string }>(stack.config.DATABASE_URL, `SELECT id FROM partner LIMIT 1`))[0]!.id;
    const cases = ['', '?from=2026-02&to=2026-03', '?from=2026-03&engagement=INFLUENCED', '?currency=EUR&source=REFUND', '?to=2026-01'];
    for (const query of cases) {
      const answer = await credits(partner, query);
      expect(answer.status).toBe(200);
      const params = new URLSearchParams(query.slice(1));
      const from = params.get('from');
      const to = params.get('to');
      const rows = await queryDatabase<{ engagement: string; currency: string; minor: string; lines: string }>(
        stack.config.DATABASE_URL,
        `SELECT engagement::text, currency, sum(amount_minor)::text AS minor, count(*)::text AS lines FROM partner_credit
          WHERE partner_id = $1
            AND ($2::text IS NULL OR occurred_at >= ($2 || '-01')::date)
            AND ($3::text IS NULL OR occurred_at < ($3 || '-01')::date + interval '1 month')
            AND ($4::text IS NULL OR engagement::text = $4) AND ($5::text IS NULL OR currency = $5) AND ($6::text IS NULL OR source::text = $6)
          GROUP BY 1, 2 ORDER BY 2, 1`,
        [partner, from, to, params.get('engagement'), params.get('currency'), params.get('source')],
      );
      const totals = answer.body.totals.map((t) => ({
        engagement: t.engagement,
        currency: t.currency,
        minor: t.amountMinor,
        lines: String(t.lines),
      }));
      expect(totals).toEqual(rows.map((r) => ({ engagement: r.engagement, currency: r.currency, minor: r.minor, lines: r.lines })));
      // The page holds the same filtered lines: as many as the totals count (up to a page), each within the filter.
      const lines = rows.reduce((sum, r) => sum + Number(r.lines), 0);
      expect(answer.body.entries).toHaveLength(Math.min(lines, DEFAULT_PAGE_LIMIT));
      for (const e of answer.body.entries) {
        if (from) expect(e.occurredAt >= `${from}-01`).toBe(true);
        if (to) expect(e.occurredAt < `${to}-32`).toBe(true);
        if (params.get('currency')) expect(e.currency).toBe(params.get('currency'));
        if (params.get('engagement')) expect(e.engagement).toBe(params.get('engagement'));
        if (params.get('source')) expect(e.source).toBe(params.get('source'));
      }
    }
  });

  it('keeps both rollups equal to the ledger under concurrent writers, a correction by hand and a truncate', async () => {
    await freshWorld(stack);
    const partners = [
      await createPartner(stack, 'Alpha', 'GSI', '210000000001'),
      await createPartner(stack, 'Beta', 'GSI', '210000000002'),
      await createPartner(stack, 'Gamma', 'RESELLER', '210000000003'),
    ];
    // Eight transactions at once, each crediting the three partners in a different order, several statements each.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      const client = new pg.Client({ connectionString: stack.config.DATABASE_URL });
      await client.connect();
      try {
        await client.query('BEGIN');
        const order = w % 2 ? [...partners].reverse() : partners;
        for (const [p, partner] of order.entries())
          await writeLines(
            client,
            partner,
            Array.from({ length: 20 }, (_, i) => ({
              key: `w${w}-p${p}-${i}`,
              at: new Date(START + (w * 20 + i) * 3 * DAY),
              minor: BigInt((w + 1) * 100 + i) * (i % 7 === 0 ? -1n : 1n),
              engagement: i % 2 ? 'INFLUENCED' : 'SOURCED',
            })),
          );
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    });
    await Promise.all(writers);
    const exact = /: 0 monthly and 0 all-time rollup keys disagree with the ledger$/;
    let check = await checkCreditRollups(stack.config.DATABASE_URL);
    expect(check.ledgerLines).toBe(480n);
    expect(describeRollupCheck(check)).toMatch(exact);
    // The next statement that writes the ledger folds every committed delta into the rollups.
    await writeLines(db, partners[0]!, [{ key: 'fold', at: new Date(START), minor: 1n }]);
    expect(await queryDatabase(stack.config.DATABASE_URL, 'SELECT 1 FROM partner_credit_rollup_delta')).toHaveLength(0);
    expect(describeRollupCheck(await checkCreditRollups(stack.config.DATABASE_URL))).toMatch(exact);

    // The ledger is append-only; a correction made by hand all the same keeps the rollups exact.
    await db.query(
      `UPDATE partner_credit SET amount_minor = amount_minor + 1, occurred_at = occurred_at + interval '40 days' WHERE credit_key LIKE 'w1-%'`,
    );
    await db.query(`DELETE FROM partner_credit WHERE credit_key LIKE 'w2-%'`);
    check = await checkCreditRollups(stack.config.DATABASE_URL);
    expect(check.ledgerLines).toBe(421n);
    expect(describeRollupCheck(check)).toMatch(exact);

    await db.query('TRUNCATE partner_credit');
    expect(
      (await queryDatabase(stack.config.DATABASE_URL, 'SELECT 1 FROM partner_credit_total UNION ALL SELECT 1 FROM partner_credit_month'))
        .length,
    ).toBe(0);
  });

  it('refuses a cursor it did not issue, or one of another list, naming the field, and a limit out of range', async () => {
    await freshWorld(stack);
    const partner = await createPartner(stack, 'Tailspin Resale', 'RESELLER', '111122223333');
    await createPartner(stack, 'Other', 'GSI', '111122224444');
    const partners = await call<{ page: { nextCursor: string } }>('GET', `${stack.apiUrl}/v1/partners?limit=1`, { key: ADMIN_KEY });
    expect(partners.body.page.nextCursor).toEqual(expect.any(String));
    for (const [query, field, reason] of [
      [`?cursor=${partners.body.page.nextCursor}`, 'query.cursor', 'a cursor of another list (partners), not of partner-credits'],
      ['?cursor=not-a-cursor!', 'query.cursor', 'not a cursor this API issued'],
      [
        `?cursor=${Buffer.from('[1,"partner-credits","yesterday","x"]').toString('base64url')}`,
        'query.cursor',
        'not a cursor this API issued',
      ],
      ['?limit=0', 'query.limit', 'must be a whole number from 1 to 1000'],
      ['?limit=1001', 'query.limit', 'at most 1000'],
      ['?from=2026-13', 'query.from', 'must be a month such as 2026-03'],
    ]) {
      const answer = await call<{ details: { field: string; reason: string }[] }>(
        'GET',
        `${stack.apiUrl}/v1/partners/${partner}/credits${query}`,
        { key: ADMIN_KEY },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([{ field, reason }]);
    }
  });

  it('pages every list the same way and streams the credit and leaderboard exports whole', async () => {
    await freshWorld(stack);
    const names = ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo'];
    const ids = [];
    for (const [i, name] of names.entries()) ids.push(await createPartner(stack, name, 'GSI', `3100000000${String(i).padStart(2, '0')}`));
    const listed: string[] = [];
    let cursor = '';
    for (;;) {
      const answer = await call<{ partners: { name: string }[]; page: { limit: number; nextCursor: string | null } }>(
        'GET',
        `${stack.apiUrl}/v1/partners?limit=2${cursor && `&cursor=${cursor}`}`,
        { key: ADMIN_KEY },
      );
      expect(answer.body.page.limit).toBe(2);
      listed.push(...answer.body.partners.map((p) => p.name));
      if (!answer.body.page.nextCursor) break;
      cursor = answer.body.page.nextCursor;
    }
    expect(listed).toEqual([...names].sort());

    await writeLines(
      db,
      ids[0]!,
      Array.from({ length: 2500 }, (_, i) => ({ key: `csv-${i}`, at: new Date(START + i * 60_000), minor: 100n })),
    );
    await writeLines(db, ids[1]!, [{ key: 'csv-other', at: new Date(START), minor: 300n, engagement: 'INFLUENCED' }]);
    const csv = await fetch(`${stack.apiUrl}/dashboard/partners/${ids[0]}/credits.csv`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2501);
    expect(new Set(lines.slice(1).map((l) => l.split(',').at(-1))).size).toBe(2500);
    const board = await fetch(`${stack.apiUrl}/dashboard/leaderboard.csv`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const rows = (await board.text()).trim().split('\r\n');
    expect(rows.slice(1).sort()).toEqual([`Alpha,GSI,0.00,3.00,USD,${ids[1]}`, `Delta,GSI,2500.00,0.00,USD,${ids[0]}`]);

    const doc = await call<{ paths: Record<string, { get?: { parameters?: { name: string }[]; 'x-pagination'?: unknown } }> }>(
      'GET',
      `${stack.apiUrl}/docs-json`,
    );
    const paginated = Object.entries(doc.body.paths).filter(([, op]) => op.get?.['x-pagination']);
    expect(paginated.map(([path]) => path)).toEqual(
      expect.arrayContaining([
        '/v1/partners',
        '/v1/partners/{id}/credits',
        '/v1/deals',
        '/v1/offers',
        '/v1/usage/hours',
        '/v1/reconciliation/items',
      ]),
    );
    for (const [, op] of paginated) expect(op.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
  });
});
