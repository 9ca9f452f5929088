import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@bridge/config';
import { queryDatabase, resetDatabase } from '@bridge/testing';
import { ReconciliationImportService, type ImportResult } from './reconciliation-import.service';
import { ReconciliationStandaloneModule } from './reconciliation-standalone.module';

// The test database `npm test` migrated, as the configuration reads it.
export const { DATABASE_URL } = loadConfig();

/** A CSV field as a file writes it: quoted when it holds a quote, a comma or a line break. */
export const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** A file of `records` under `header`, each record on its line. */
export const csvFile = (header: string[], ...records: string[][]) =>
  [header, ...records].map((r) => r.map(csvField).join(',')).join('\n') + '\n';

/** The file was refused at line 3 for `column` and `reason`, and nothing of it was kept, not even its staging table. */
export async function expectRefusedAtLine3(result: ImportResult, column: string, reason: string) {
  expect(result).toEqual({
    importId: expect.any(String),
    status: 'REFUSED',
    line: 3,
    column,
    error: `line 3, column ${column}: ${reason}`,
  });
  expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_row')).toEqual([]);
  // The staging table went with the refused transaction.
  expect(await queryDatabase(DATABASE_URL, `SELECT relname FROM pg_class WHERE relname LIKE 'feed_staging%'`)).toEqual([]);
}

/** A file of 10,002 lines, all malformed but the first, quarantined: refused at the one past the limit, nothing set aside. */
export async function expectRefusedPastQuarantineLimit(result: ImportResult, column: string) {
  expect(result).toMatchObject({ status: 'REFUSED', line: 10_003, column });
  expect(result.status === 'REFUSED' && result.error).toMatch(/and more than 10000 lines are malformed: the file is refused\)$/);
  expect(await queryDatabase(DATABASE_URL, 'SELECT 1 FROM billing_feed_quarantine')).toEqual([]);
}

export interface ItemRow {
  transaction_reference_id: string;
  status: string;
  variance_minor: string;
  expected_net_minor: string;
  fee_bps: number;
  superseded_rows: number;
  disbursed_minor: string;
  explanation: string;
}

/**
 * What the reconciliation integration suites share: the engine in a Nest
 * context of its own on the test database, emptied before each test, and the
 * ways to seed agreements, import a feed and read back what it made. Call it
 * inside a describe: it registers that describe's hooks.
 */
export function reconciliationHarness() {
  let app: INestApplicationContext;
  let imports: ReconciliationImportService;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(loadConfig()), { logger: false });
    imports = app.get(ReconciliationImportService);
  });
  afterAll(() => app.close());
  beforeEach(() => resetDatabase(DATABASE_URL));

  async function agreement(
    id: string,
    value: string,
    options: {
      cloud?: string;
      currency?: string;
      intent?: string;
      resale?: string;
      schedule?: { chargeDate: string; amount: string }[];
    } = {},
  ) {
    // With a payment schedule, the agreement comes from one of our private offers whose terms hold it.
    const offerId = options.schedule ? await scheduledOffer(id, value, options.schedule) : null;
    await queryDatabase(
      DATABASE_URL,
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, offer_id, product_id, acceptor_account_id, proposer_account_id,
                              resale_authorization_id, intent, status, value_minor, currency, accepted_at, updated_at)
       VALUES (gen_random_uuid(), $1::"Cloud", $2, 'offer-' || $2, $7::uuid, 'prod-1', '777788889999', '123456789012', $3, $4, 'ACTIVE', $5, $6, now(), now())`,
      [options.cloud ?? 'AWS', id, options.resale ?? null, options.intent ?? 'NEW', value, options.currency ?? 'USD', offerId],
    );
  }

  async function scheduledOffer(agreementId: string, value: string, schedule: { chargeDate: string; amount: string }[]): Promise<string> {
    const [{ id }] = await queryDatabase<{ id: string }>(
      DATABASE_URL,
      `WITH listing AS (
         INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES (gen_random_uuid(), 'AWS', 'prod-1', 'Product one', now())
         ON CONFLICT (cloud, product_id) DO UPDATE SET title = excluded.title RETURNING id
       ), offer AS (
         INSERT INTO offer (id, cloud, kind, state, listing_id, marketplace_offer_id, buyer_accounts, contract_value_minor, currency, updated_at)
         SELECT gen_random_uuid(), 'AWS', 'PRIVATE', 'PUBLISHED', listing.id, 'offer-' || $1, ARRAY['777788889999'], $2, 'USD', now() FROM listing RETURNING id
       )
       INSERT INTO offer_terms (offer_id, name, pricing_model, prices, duration_months, payment_schedule, eula, created_by)
       SELECT offer.id, 'Three years', 'Contract', '[]', 36, $3::jsonb, '{"type":"StandardEula"}', 'test' FROM offer RETURNING offer_id AS id`,
      [agreementId, value, JSON.stringify(schedule)],
    );
    return id;
  }

  const importFeed = async (
    csv: string,
    feed: 'AWS_BILLING_EVENTS' | 'AZURE_PAYOUTS' = 'AWS_BILLING_EVENTS',
    onMalformed: 'REFUSE' | 'QUARANTINE' = 'REFUSE',
  ) => {
    const record = await imports.begin({ feed, fileName: 'test.csv', origin: 'path', onMalformed, actor: 'test' });
    return imports.run(record.id, Readable.from([Buffer.from(csv)]), 'inline');
  };
  const items = async () =>
    new Map(
      (await queryDatabase<ItemRow>(DATABASE_URL, 'SELECT * FROM reconciliation_item ORDER BY transaction_reference_id')).map((r) => [
        r.transaction_reference_id,
        r,
      ]),
    );
  const count = async (table: string) =>
    Number((await queryDatabase<{ n: string }>(DATABASE_URL, `SELECT count(*) AS n FROM ${table}`))[0].n);

  return {
    /** The Nest context the engine runs in (for the services a test calls directly). */
    app: () => app,
    imports: () => imports,
    agreement,
    importFeed,
    items,
    count,
  };
}
