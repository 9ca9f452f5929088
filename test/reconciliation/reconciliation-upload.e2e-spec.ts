import { Readable } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import { eventually, queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { awsFeed, invoiced, lumpSum } from '@bridge/reconciliation';
import { FeedIntakeService } from '@bridge/reconciliation';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { ReconciliationStandaloneModule } from '@bridge/reconciliation';
import { call } from '../http-client';

const ADMIN_KEY = 'e2e-admin-key-reconcile-0123456789';

/** Sends a CSV as a streamed request body (chunked, never one buffer), as a finance tool would upload a large feed. */
async function upload(url: string, key: string, csv: string) {
  const bytes = Buffer.from(csv);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64) controller.enqueue(bytes.subarray(i, i + 64));
      controller.close();
    },
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string; status: string } };
}

describe('finance uploads a billing feed over the API and reads the reconciliation', () => {
  let stack: ProductStack;
  let financeKey: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
  });
  afterAll(() => stack.stop());

  beforeEach(async () => {
    const db = stack.config.DATABASE_URL;
    await resetDatabase(db);
    await queryDatabase(
      db,
      `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), 'e2e', 'ADMIN')`,
      [ADMIN_KEY],
    );
    const issued = await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'finance', role: 'FINANCE' },
    });
    expect(issued.status).toBe(201);
    financeKey = issued.body.key;
    // An agreement of $6,000.00 (3%: $180.00 fee) credited in full to a reseller, and one of $10,000.00.
    await queryDatabase(
      db,
      `WITH p AS (INSERT INTO partner (id, name, persona) VALUES (gen_random_uuid(), 'Northwind Resale', 'RESELLER') RETURNING id),
            a AS (INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                                         intent, status, value_minor, currency, accepted_at, updated_at)
                  VALUES (gen_random_uuid(), 'AWS', 'agmt-refund', 'offer-1', 'prod-1', '777788889999', '111122223333', 'NEW', 'ACTIVE', 600000, 'USD', now(), now())
                  RETURNING id)
       INSERT INTO partner_credit (id, credit_key, partner_id, agreement_id, source, engagement, rule_id, share_bps, amount_minor, currency, reason, occurred_at)
       SELECT gen_random_uuid(), 'k1', p.id, a.id, 'PURCHASE', 'SOURCED', 'test', 10000, 600000, 'USD', 'test credit', now() FROM p, a`,
    );
    await queryDatabase(
      db,
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                              intent, status, value_minor, currency, accepted_at, updated_at)
       VALUES (gen_random_uuid(), 'AWS', 'agmt-match', 'offer-2', 'prod-1', '777788889999', '111122223333', 'NEW', 'ACTIVE', 1000000, 'USD', now(), now())`,
    );
  });

  const feed = awsFeed([
    ...invoiced('agmt-match', '10000.00', '-300.00', { seller: '10000.00', fee: '-300.00', disbursement: 'disb-1' }),
    ...invoiced('agmt-refund', '6000.00', '-180.00', { seller: '6000.00', fee: '-180.00', disbursement: 'disb-1' }),
    { id: 'agmt-refund-rs', ref: 'agmt-refund', type: 'SELLER_REV_SHARE_REFUND', amount: '-3000.00' },
    { id: 'agmt-refund-rf', ref: 'agmt-refund', type: 'AWS_REV_SHARE_REFUND', amount: '90.00' },
    {
      id: 'agmt-refund-drs',
      ref: 'agmt-refund',
      action: 'DISBURSED',
      type: 'SELLER_REV_SHARE_REFUND',
      amount: '3000.00',
      parent: 'agmt-refund-rs',
      disbursement: 'disb-1',
    },
    {
      id: 'agmt-refund-drf',
      ref: 'agmt-refund',
      action: 'DISBURSED',
      type: 'AWS_REV_SHARE_REFUND',
      amount: '-90.00',
      parent: 'agmt-refund-rf',
      disbursement: 'disb-1',
    },
    // invoiced, shown for information only: not counted toward the seller's balance
    { id: 'agmt-late-s', ref: 'agmt-late', type: 'SELLER_REV_SHARE', amount: '400.00', balanceImpacting: false },
    // 9,700.00 + 2,910.00, paid to the seller: positive
    lumpSum('disb-1', '12610.00'),
  ]);
  const imports = () => `${stack.apiUrl}/v1/reconciliation/imports`;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.apiUrl}/v1/reconciliation/${path}`, { headers: { authorization: `Bearer ${financeKey}`, ...headers } });

  it('imports a streamed upload, matches it in the worker, and shows every view as JSON and CSV', async () => {
    // Sold but not in the feed: $2,500.00 accepted on 2026-10-15; a cancelled one and a usage-priced one are owed nothing up front.
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                              intent, status, value_minor, currency, accepted_at, updated_at)
       VALUES (gen_random_uuid(), 'AWS', 'agmt-unbilled', 'offer-3', 'prod-2', '444455556666', '111122223333', 'NEW', 'ACTIVE', 250000, 'USD', '2026-10-15', now()),
              (gen_random_uuid(), 'AWS', 'agmt-cancelled', 'offer-4', 'prod-2', '444455556666', '111122223333', 'NEW', 'CANCELLED', 100000, 'USD', '2026-10-16', now()),
              (gen_random_uuid(), 'AWS', 'agmt-usage', 'offer-5', 'prod-3', '444455556666', '111122223333', 'NEW', 'ACTIVE', 0, 'USD', '2026-10-17', now())`,
    );
    const soldBefore = (await (await get('sold-not-invoiced')).json()) as { agreements: { agreementId: string }[] };
    expect(soldBefore.agreements.map((a) => a.agreementId)).toEqual(['agmt-match', 'agmt-refund', 'agmt-unbilled']);

    const uploaded = await upload(`${imports()}?feed=aws`, financeKey, feed);
    expect(uploaded.status).toBe(202);
    expect(uploaded.body).toMatchObject({ status: 'MATCHING', linesProcessed: 15, rowsImported: 14 });
    const done = await eventually(async () => {
      const answer = await call<{ status: string; itemsMatched: number }>('GET', `${imports()}/${uploaded.body.id}`, { key: financeKey });
      expect(answer.body.status).toBe('COMPLETED');
      return answer.body;
    });
    expect(done.itemsMatched).toBe(3);

    const items = (await (await get('items')).json()) as {
      items: { transactionReferenceId: string; status: string; variance: { amount: string } }[];
    };
    expect(items.items.map((i) => [i.transactionReferenceId, i.status, i.variance.amount])).toEqual([
      ['agmt-late', 'UNMATCHED', '0.00'],
      ['agmt-match', 'MATCHED', '0.00'],
      ['agmt-refund', 'REFUND', '-2910.00'],
    ]);

    const csv = await get('items?status=REFUND', { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'cloud,transactionReferenceId,agreementId,buyerAccountId,productId,invoiceDate,status,amount,varianceAmount,currency,explanation',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^AWS,agmt-refund,agmt-refund,777788889999,prod-1,2026-10-01,REFUND,2910.00,-2910.00,USD,"?agreement agmt-refund/,
    );

    const sold = (await (await get('sold-not-invoiced')).json()) as {
      agreements: { agreementId: string; acceptedOn: string; value: { amount: string } }[];
      page: { nextCursor: string | null };
    };
    expect(sold.agreements.map((a) => [a.agreementId, a.acceptedOn, a.value.amount])).toEqual([['agmt-unbilled', '2026-10-15', '2500.00']]);
    expect(sold.page.nextCursor).toBeNull();
    const soldCsv = await (await get('sold-not-invoiced?format=csv')).text();
    expect(soldCsv.trim().split('\r\n')).toEqual([
      'cloud,agreementId,buyerAccountId,productId,agreementStatus,acceptedOn,value,currency',
      'AWS,agmt-unbilled,444455556666,prod-2,ACTIVE,2026-10-15,2500.00,USD',
    ]);

    const uncollected = (await (await get('invoiced-not-collected')).json()) as {
      items: { transactionReferenceId: string; amount: { amount: string } }[];
    };
    expect(uncollected.items.map((i) => [i.transactionReferenceId, i.amount.amount])).toEqual([['agmt-late', '400.00']]);

    const lump = (await (await get('disbursements/aws/disb-1')).json()) as {
      amount: { amount: string };
      unexplained: { amount: string };
      items: { transactionReferenceId: string; net: { amount: string } }[];
    };
    expect(lump.amount.amount).toBe('12610.00');
    expect(lump.unexplained.amount).toBe('0.00');
    expect(lump.items.map((i) => [i.transactionReferenceId, i.net.amount])).toEqual([
      ['agmt-match', '9700.00'],
      ['agmt-refund', '2910.00'],
    ]);
    const perMonth = await (await get('disbursements?format=csv')).text();
    expect(perMonth.trim().split('\r\n')).toEqual([
      'period,cloud,disbursements,amount,itemsAmount,currency',
      '2026-11,AWS,1,12610.00,12610.00,USD',
    ]);

    // Credited $6,000.00; the buyer was refunded half, so $3,000.00 of gross was actually received.
    const revenue = (await (await get('partner-revenue')).json()) as {
      partners: { partnerName: string; credited: { amount: string }; received: { amount: string } }[];
    };
    expect(revenue.partners.map((p) => [p.partnerName, p.credited.amount, p.received.amount])).toEqual([
      ['Northwind Resale', '6000.00', '3000.00'],
    ]);
  });

  it('writes CSV a spreadsheet cannot be tricked by: formulas defused, amounts kept numbers, a safe file name whatever the URL holds', async () => {
    // A disbursement id with a quote, a backslash and a character outside Latin-1, as a feed may carry it (quoted, as CSV does).
    const crafted = 'disb"1\\ ✓ évil';
    const craftedFeed = feed.replace(/(^|,)disb-1(?=,|$)/gm, `$1"${crafted.replace(/"/g, '""')}"`);
    const uploaded = await upload(`${imports()}?feed=aws`, financeKey, craftedFeed);
    expect(uploaded.status).toBe(202);
    await eventually(async () =>
      expect((await call<{ status: string }>('GET', `${imports()}/${uploaded.body.id}`, { key: financeKey })).body.status).toBe(
        'COMPLETED',
      ),
    );
    await queryDatabase(stack.config.DATABASE_URL, `UPDATE partner SET name = '=HYPERLINK("http://evil.example","Northwind")'`);

    const revenue = await get('partner-revenue?format=csv');
    expect(revenue.headers.get('content-disposition')).toBe('attachment; filename="partner-revenue.csv"');
    const [header, line] = (await revenue.text()).split('\r\n');
    expect(header).toBe('partnerId,partnerName,credited,received,difference,currency');
    expect(line).toMatch(/^[0-9a-f-]{36},"'=HYPERLINK\(""http:\/\/evil\.example"",""Northwind""\)",6000\.00,3000\.00,-3000\.00,USD$/);

    const lump = await get(`disbursements/aws/${encodeURIComponent(crafted)}?format=csv`);
    expect(lump.status).toBe(200);
    expect(lump.headers.get('content-disposition')).toBe('attachment; filename="disbursement-disb-1-evil.csv"');
    expect((await lump.text()).split('\r\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^agmt-match,agmt-match,MATCHED,10000\.00,-300\.00,9700\.00,USD,/),
      expect.stringMatching(/^agmt-refund,agmt-refund,REFUND,/),
    ]);
  });

  it('scales a partner credit once when several invoices match its agreement', async () => {
    // Two instalments of the $6,000.00 agreement: the first fully paid out, the second only half.
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO reconciliation_item (cloud, transaction_reference_id, currency, agreement_id, marketplace_agreement_id, matched_by, expected_gross_minor, fee_bps, fee_reason,
                                        expected_net_minor, invoiced_gross_minor, fee_minor, refunds_minor, tax_minor, uncollected_minor, collected_net_minor,
                                        disbursed_minor, disbursed_gross_minor, variance_minor, status, explanation, row_count, superseded_rows, last_import_id)
       SELECT 'AWS', v.ref, 'USD', a.id, a.marketplace_agreement_id, 'buyer and product', 300000, 300, 'test', 291000, 300000, 9000, 0, 0, 0, 291000,
              v.disbursed_net, v.disbursed_gross, 0, 'MATCHED', 'test', 2, 0, gen_random_uuid()
         FROM agreement a, (VALUES ('invoice-1', 291000, 300000), ('invoice-2', 145500, 150000)) AS v(ref, disbursed_net, disbursed_gross)
        WHERE a.marketplace_agreement_id = 'agmt-refund'`,
    );
    const revenue = (await (await get('partner-revenue')).json()) as {
      partners: { partnerName: string; credited: { amount: string }; received: { amount: string } }[];
    };
    // Credited $6,000.00 of an expected $6,000.00 gross, of which $4,500.00 was paid out.
    expect(revenue.partners.map((p) => [p.partnerName, p.credited.amount, p.received.amount])).toEqual([
      ['Northwind Resale', '6000.00', '4500.00'],
    ]);
  });

  it('answers a second upload of the same file as a duplicate that changes nothing', async () => {
    const first = await upload(`${imports()}?feed=aws`, financeKey, feed);
    await eventually(async () =>
      expect((await call<{ status: string }>('GET', `${imports()}/${first.body.id}`, { key: financeKey })).body.status).toBe('COMPLETED'),
    );
    const second = await upload(`${imports()}?feed=aws`, financeKey, feed);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'DUPLICATE', duplicateOf: first.body.id });
    const [{ n }] = await queryDatabase<{ n: string }>(stack.config.DATABASE_URL, 'SELECT count(*) AS n FROM billing_feed_row');
    expect(n).toBe('14');
  });

  it('refuses a malformed upload with 400 naming line and column, and stores none of it', async () => {
    const bad = feed.replace(
      'agmt-late-s,777788889999,123456789012,777788889999,prod-1,INVOICED,SELLER_REV_SHARE,,,400.00,USD',
      'agmt-late-s,777788889999,123456789012,777788889999,prod-1,INVOICED,SELLER_REV_SHARE,,,4OO.00,USD',
    );
    const answer = await upload(`${imports()}?feed=aws`, financeKey, bad);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/line 14, column amount: "4OO.00" is not a plain decimal amount/);
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'amount', line: 14 })]);
    const [{ n }] = await queryDatabase<{ n: string }>(stack.config.DATABASE_URL, 'SELECT count(*) AS n FROM billing_feed_row');
    expect(n).toBe('0');
  });

  it('matches an import whose matching job was lost (stored rows, no job): the worker sweep finds it', async () => {
    const engine = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(stack.config), { logger: false });
    try {
      const record = await engine
        .get(ReconciliationImportService)
        .begin({ feed: 'AWS_BILLING_EVENTS', fileName: 'lost.csv', origin: 'path', onMalformed: 'REFUSE', actor: 'test' });
      // Intake only: the rows are stored, as if the process died before queueing the job.
      expect(await engine.get(FeedIntakeService).intake(record.id, Readable.from([Buffer.from(feed)]))).toMatchObject({
        status: 'MATCHING',
      });
      await eventually(
        async () =>
          expect((await call<{ status: string }>('GET', `${imports()}/${record.id}`, { key: financeKey })).body.status).toBe('COMPLETED'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
    } finally {
      await engine.close();
    }
  }, 30_000);

  it('keeps the views to finance (and admin)', async () => {
    const partnerKey = await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'ro', role: 'READ_ONLY' },
    });
    expect(
      (await fetch(`${stack.apiUrl}/v1/reconciliation/items`, { headers: { authorization: `Bearer ${partnerKey.body.key}` } })).status,
    ).toBe(403);
    expect((await upload(`${imports()}?feed=aws`, partnerKey.body.key, feed)).status).toBe(403);
    expect((await fetch(`${stack.apiUrl}/v1/reconciliation/items`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(
      200,
    );
  });
});
