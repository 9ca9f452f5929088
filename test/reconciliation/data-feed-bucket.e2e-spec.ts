import pg from 'pg';
import { eventually, queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { awsFeed } from '@bridge/reconciliation';
import { call } from '../http-client';

jest.setTimeout(90_000);

const ISV = '123456789012';
const BUYER = '777788889999';
const OTHER_BUYER = '444455556666';
const ADMIN_KEY = 'e2e-feed-admin-key-0123456789';

interface ImportRow {
  id: string;
  status: string;
  origin: string;
  source_key: string;
  source_range_start: string;
  source_range_end: string;
  source_etag: string;
  rows_imported: number;
  duplicate_of_id: string | null;
}

/**
 * The billing feed arrives by itself: the marketplace sandbox writes the
 * billing events of its own agreements, invoices and disbursements into its
 * S3 bucket as AWS delivers the feed (the month's object, appended to), and
 * the attribution worker polls the bucket and imports only what was appended.
 */
describe('billing event feed delivered to the seller bucket, read by the poller', () => {
  let stack: ProductStack;
  let db: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ AWS_DATA_FEED_POLL_INTERVAL_MS: '300', BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
    db = stack.config.DATABASE_URL;
  });
  afterAll(() => stack.stop());

  /**
   * Holds the poller off while the marketplace writes several events, so a
   * poll cannot fall between them (the poller takes the same PostgreSQL lock,
   * and skips its turn while another holds it).
   */
  async function whilePollerWaits<T>(work: () => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext('delivered-feed-poll'))`);
      return await work();
    } finally {
      await client.end();
    }
  }

  // With the poller held off, so no poll is halfway through the previous test's bucket while both are emptied.
  beforeEach(() =>
    whilePollerWaits(async () => {
      await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
      await resetDatabase(db);
    }),
  );

  const rows = <T>(sql: string, params: unknown[] = []) => queryDatabase(db, sql, params) as Promise<T[]>;

  /** A finance API key, issued by the bootstrap admin (the database is emptied before each test). */
  async function financeKey(): Promise<string> {
    await rows(
      `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), 'e2e', 'ADMIN')`,
      [ADMIN_KEY],
    );
    const issued = await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'finance', role: 'FINANCE' },
    });
    expect(issued.status).toBe(201);
    return issued.body.key;
  }

  async function purchase(buyer: string, value: string): Promise<string> {
    const id = await accept(buyer, value);
    // The purchase reaches the product as the marketplace's event, and becomes its agreement.
    await eventually(async () => expect(await rows(`SELECT 1 FROM agreement WHERE marketplace_agreement_id = $1`, [id])).toHaveLength(1));
    return id;
  }

  /** The buyer accepts the offer in the marketplace. */
  async function accept(buyer: string, value: string): Promise<string> {
    const accepted = await call<{ agreementId: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: {
        offerId: `offer-${buyer}`,
        acceptorAccountId: buyer,
        proposerAccountId: ISV,
        manufacturerAccountId: ISV,
        productId: 'prod-analytics',
        agreementValue: value,
      },
    });
    expect(accepted.status).toBe(201);
    return accepted.body.agreementId;
  }

  const invoice = async (agreementId: string) => {
    const invoiced = await call<{ key: string; transactionReferenceId: string }>(
      'POST',
      `${stack.sandboxUrl}/_sandbox/aws/billing/invoices`,
      {
        body: { agreementId },
      },
    );
    expect(invoiced.status).toBe(201);
    return invoiced.body;
  };
  const disburse = async () => {
    const paid = await call<{ key: string; amount: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/billing/disbursements`, {
      body: {},
    });
    expect(paid.status).toBe(201);
    return paid.body;
  };
  /** The agreement invoiced and paid out, both written before any poll reads the object. */
  const invoicedAndPaidOut = (agreementId: string) =>
    whilePollerWaits(async () => {
      const invoiced = await invoice(agreementId);
      await disburse();
      return invoiced;
    });
  const importsOf = (key: string) =>
    rows<ImportRow>(
      `SELECT id, status, origin, source_key, source_range_start::text, source_range_end::text, source_etag, rows_imported, duplicate_of_id
         FROM reconciliation_import WHERE file_name = $1 ORDER BY seq`,
      [key],
    );
  /** The object's imports once they have these statuses and each has moved the object's offset (its provenance written). */
  const importsSettled = (key: string, statuses: string[]) =>
    eventually(async () => {
      const found = await importsOf(key);
      expect(found.map((i) => [i.status, i.source_range_end !== null])).toEqual(statuses.map((status) => [status, true]));
      return found;
    });
  const objectSize = async (key: string) => {
    const answer = await fetch(`${stack.sandboxUrl}/s3/${stack.config.awsDataFeeds?.bucket}/${key}`, { method: 'HEAD' });
    return Number(answer.headers.get('content-length'));
  };
  const itemStatus = async (reference: string) =>
    (await rows<{ status: string }>(`SELECT status FROM reconciliation_item WHERE transaction_reference_id = $1`, [reference]))[0]?.status;

  it('reconciles a sandbox purchase, invoiced and disbursed, from the bucket; a later poll imports only the appended bytes', async () => {
    const agreementId = await purchase(BUYER, '12000.00');
    const { key, transactionReferenceId } = await invoicedAndPaidOut(agreementId);
    const firstSize = await objectSize(key);
    expect(key).toMatch(/^billing_event_v1\/year=\d{4}\/month=\d{2}\/data\.csv$/);

    const [first] = await importsSettled(key, ['COMPLETED']);
    // Header, 2 invoiced rows, 2 disbursed rows, the lump sum: the 5 events after the header line, bytes to the object's end.
    expect(first).toMatchObject({ origin: 's3', source_key: key, source_range_end: String(firstSize), rows_imported: 5 });
    const header =
      'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id,agreement_id\n';
    expect(first.source_range_start).toBe(String(Buffer.byteLength(header)));
    expect(first.source_etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await itemStatus(transactionReferenceId)).toBe('MATCHED');

    // The marketplace appends the next events to the same object: only they are read and imported.
    const otherAgreement = await purchase(OTHER_BUYER, '6000.00');
    const second = await invoice(otherAgreement);
    expect(second.key).toBe(key);
    const secondSize = await objectSize(key);
    const imports = await importsSettled(key, ['COMPLETED', 'COMPLETED']);
    expect(imports[1]).toMatchObject({ source_range_start: String(firstSize), source_range_end: String(secondSize), rows_imported: 2 });
    expect(await itemStatus(transactionReferenceId)).toBe('MATCHED');
    // Invoiced, not yet disbursed: an item of its own, from the 2 new rows.
    expect(await itemStatus(second.transactionReferenceId)).toBeDefined();
    const [{ count }] = await rows<{ count: string }>(`SELECT count(*)::text AS count FROM billing_feed_row`);
    expect(count).toBe('7');
  });

  it('judges the item again when the purchase event comes after the feed: UNMATCHED until then, MATCHED after', async () => {
    // The marketplace holds its events: the product does not know the agreement when the feed is read.
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: false } });
    const agreementId = await accept(BUYER, '12000.00');
    const { key, transactionReferenceId } = await invoicedAndPaidOut(agreementId);
    await importsSettled(key, ['COMPLETED']);
    const item = async () =>
      (
        await rows<{ status: string; explanation: string; matched_by: string | null }>(
          `SELECT status, explanation, matched_by FROM reconciliation_item WHERE transaction_reference_id = $1`,
          [transactionReferenceId],
        )
      )[0];
    expect(await item()).toMatchObject({ status: 'UNMATCHED', explanation: expect.stringMatching(/no agreement has the agreement_id/) });

    // The events come in late; the purchase becomes the product's agreement, and the item is judged again, with no new feed.
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: true } });
    const held = await call<{ events: { id: string }[] }>('GET', `${stack.sandboxUrl}/_sandbox/events?status=held`);
    expect(held.body.events.length).toBeGreaterThan(0);
    for (const event of held.body.events) await call('POST', `${stack.sandboxUrl}/_sandbox/events/${event.id}/redeliver`);
    const judged = await eventually(async () => {
      const now = await item();
      expect(now.status).toBe('MATCHED');
      return now;
    });
    expect(judged).toMatchObject({
      matched_by: 'agreement_id',
      explanation: expect.stringMatching(new RegExp(`^agreement ${agreementId} \\(`)),
    });
    expect(await importsOf(key)).toHaveLength(1);
  });

  it('does not double anything when the process died after an import committed and before the offset moved', async () => {
    const agreementId = await purchase(BUYER, '12000.00');
    const { key, transactionReferenceId } = await invoicedAndPaidOut(agreementId);
    await importsSettled(key, ['COMPLETED']);
    const [before] = await rows<{ item: string }>(`SELECT row_to_json(i)::text AS item FROM reconciliation_item i`);

    // What a poll killed between the import's commit and the offset update leaves behind: the range it read noted as
    // pending, the offset where it was.
    await queryDatabase(
      db,
      `UPDATE delivered_feed_object SET pending_until = "offset", "offset" = 0, header = NULL, tail_sha256 = NULL, tail_length = 0 WHERE key = $1`,
      [key],
    );

    const imports = await importsSettled(key, ['COMPLETED', 'DUPLICATE']);
    expect(imports[1]).toMatchObject({ duplicate_of_id: imports[0].id, source_range_end: imports[0].source_range_end });
    const [{ count }] = await rows<{ count: string }>(`SELECT count(*)::text AS count FROM billing_feed_row`);
    expect(count).toBe('5');
    await eventually(async () =>
      expect(
        await rows(`SELECT 1 FROM delivered_feed_object WHERE key = $1 AND "offset" = $2 AND pending_until IS NULL`, [
          key,
          imports[0].source_range_end,
        ]),
      ).toHaveLength(1),
    );
    const [after] = await rows<{ item: string }>(`SELECT row_to_json(i)::text AS item FROM reconciliation_item i`);
    expect(after.item).toBe(before.item);
    expect(await itemStatus(transactionReferenceId)).toBe('MATCHED');
  });

  it('reports an object whose imported bytes were rewritten, and imports nothing more from it', async () => {
    const agreementId = await purchase(BUYER, '12000.00');
    const { key } = await invoice(agreementId);
    await importsSettled(key, ['COMPLETED']);
    const original = await (await fetch(`${stack.sandboxUrl}/s3/${stack.config.awsDataFeeds?.bucket}/${key}`)).text();

    // Same length and more, but an amount already imported changed: not an append.
    const rewritten = original.replace('12000.00', '12500.00') + original.split('\n')[1] + '\n';
    await call('POST', `${stack.sandboxUrl}/_sandbox/aws/billing/objects/replace`, { body: { key, content: rewritten } });

    await eventually(async () =>
      expect(await rows(`SELECT problem FROM delivered_feed_object WHERE key = $1`, [key])).toEqual([
        { problem: expect.stringMatching(/bytes before \d+ changed since they were imported/) as unknown },
      ]),
    );
    expect(await importsOf(key)).toHaveLength(1);
  });

  it('shows finance the set-aside object and where its imports came from, and resumes it over the API with who and why', async () => {
    const finance = await financeKey();
    const agreementId = await purchase(BUYER, '12000.00');
    const { key } = await invoice(agreementId);
    const [first] = await importsSettled(key, ['COMPLETED']);
    const bucket = stack.config.awsDataFeeds!.bucket;
    const original = await (await fetch(`${stack.sandboxUrl}/s3/${bucket}/${key}`)).text();

    // Where the import's lines came from, as the API shows it.
    const shown = await call<{ origin: string; source: Record<string, string> }>(
      'GET',
      `${stack.apiUrl}/v1/reconciliation/imports/${first.id}`,
      {
        key: finance,
      },
    );
    expect(shown.body).toMatchObject({
      origin: 's3',
      source: { bucket, key, rangeStart: first.source_range_start, rangeEnd: first.source_range_end, etag: first.source_etag },
    });

    const rewritten = original.replace('12000.00', '12500.00') + original.split('\n')[1] + '\n';
    await call('POST', `${stack.sandboxUrl}/_sandbox/aws/billing/objects/replace`, { body: { key, content: rewritten } });
    const setAside = () =>
      call<{ objects: { key: string; importedBytes: string; problem: { reason: string } | null }[] }>(
        'GET',
        `${stack.apiUrl}/v1/reconciliation/feed-objects?problem=true`,
        { key: finance },
      );
    await eventually(async () =>
      expect((await setAside()).body.objects).toEqual([
        expect.objectContaining({
          key,
          importedBytes: first.source_range_end,
          problem: { reason: expect.stringMatching(/changed since/), at: expect.any(String) },
        }),
      ]),
    );

    // Bad input changes nothing; an unknown object is a 404.
    const resume = (body: unknown) =>
      call<{ problem: unknown }>('POST', `${stack.apiUrl}/v1/reconciliation/feed-objects/resume`, { key: finance, body });
    expect((await resume({ bucket, key })).status).toBe(400);
    expect((await resume({ bucket, key: 'billing_event_v1/year=1999/month=01/data.csv', reason: 'checked' })).status).toBe(404);
    expect((await setAside()).body.objects).toHaveLength(1);

    // AWS restored the object; finance checked it and resumes it: the imported bytes stand, what is appended next is read.
    await call('POST', `${stack.sandboxUrl}/_sandbox/aws/billing/objects/replace`, { body: { key, content: original } });
    const resumed = await resume({ bucket, key, reason: 'restored by AWS support, case 1234' });
    expect(resumed).toMatchObject({ status: 200, body: { problem: null } });
    expect((await resume({ bucket, key, reason: 'again' })).status).toBe(409);
    expect(await rows(`SELECT actor, reason FROM audit_entry WHERE action = 'reconciliation.feed-object-resumed'`)).toEqual([
      { actor: expect.stringContaining('finance') as unknown, reason: 'restored by AWS support, case 1234' },
    ]);

    await invoice(await purchase(OTHER_BUYER, '6000.00'));
    const imports = await importsSettled(key, ['COMPLETED', 'COMPLETED']);
    expect(imports[1].source_range_start).toBe(first.source_range_end);
    expect((await setAside()).body.objects).toEqual([]);
  });
  it('keeps importing the other objects when one is refused, and says which line of which import', async () => {
    const agreementId = await purchase(BUYER, '12000.00');
    // A month object holding a line the importer refuses (an amount finer than cents), beside this month's.
    const backfill = 'billing_event_v1/year=2010/month=01/data.csv';
    const { key } = await whilePollerWaits(async () => {
      const bad = awsFeed([{ id: 'be-bad', ref: 'txn-bad', type: 'SELLER_REV_SHARE', amount: '12.345' }]);
      await call('POST', `${stack.sandboxUrl}/_sandbox/aws/billing/objects/replace`, { body: { key: backfill, content: bad } });
      return invoice(agreementId);
    });

    await importsSettled(key, ['COMPLETED']);
    await eventually(async () =>
      expect(await rows(`SELECT problem FROM delivered_feed_object WHERE key = $1`, [backfill])).toEqual([
        { problem: expect.stringMatching(/was refused at line 2 of the import .*12\.345/) as unknown },
      ]),
    );
    expect((await importsOf(backfill)).map((i) => i.status)).toEqual(['REFUSED']);
  });
});
