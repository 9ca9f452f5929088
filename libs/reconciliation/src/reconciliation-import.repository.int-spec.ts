import { loadConfig } from '@bridge/config';
import { PgPool } from '@bridge/postgres';
import { queryDatabase, resetDatabase } from '@bridge/testing';
import { ReconciliationImportRepository } from './reconciliation-import.repository';

// The test database `npm test` migrated, as the configuration reads it.
const config = loadConfig();
const SEQUENCE = `pg_get_serial_sequence('reconciliation_import', 'seq')`;

describe('the import records, listed newest first by their seq (real PostgreSQL)', () => {
  let pool: PgPool;
  let records: ReconciliationImportRepository;
  let sequenceWas: { last_value: string; is_called: boolean };

  beforeAll(async () => {
    pool = new PgPool(config);
    records = new ReconciliationImportRepository(pool);
    [sequenceWas] = await queryDatabase<{ last_value: string; is_called: boolean }>(
      config.DATABASE_URL,
      'SELECT last_value::text, is_called FROM reconciliation_import_seq_seq',
    );
  });
  afterAll(async () => {
    // Emptied first, so putting the sequence back cannot collide with a row it numbered.
    await resetDatabase(config.DATABASE_URL);
    await queryDatabase(config.DATABASE_URL, `SELECT setval(${SEQUENCE}, $1::bigint, $2)`, [sequenceWas.last_value, sequenceWas.is_called]);
    await pool.onApplicationShutdown();
  });

  // Seqs are never reset (truncation keeps the sequence), so a long-lived installation crosses every one of these.
  it.each([
    ['99 to 100', 97n],
    ['99,999 to 100,000', 99_997n],
    ['2^31', 2n ** 31n - 3n],
    ['2^53', 2n ** 53n - 3n],
  ])('pages every import once, newest first, when the seqs cross %s', async (_, before) => {
    await resetDatabase(config.DATABASE_URL);
    await queryDatabase(config.DATABASE_URL, `SELECT setval(${SEQUENCE}, $1::bigint)`, [before.toString()]);
    const created = [];
    for (let i = 0; i < 5; i++)
      created.push(
        await records.create({
          feed: 'AWS_BILLING_EVENTS',
          fileName: `feed-${i}.csv`,
          origin: 'upload',
          onMalformed: 'REFUSE',
          actor: 'test',
        }),
      );
    expect(created.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n].map((n) => before + n));

    // As the API pages: two at a time, each page after the last seq of the one before.
    const paged = [];
    for (let page = await records.list(2); page.length > 0; page = await records.list(2, page[page.length - 1]!.seq)) paged.push(...page);
    expect(paged.map((r) => r.seq)).toEqual(created.map((r) => r.seq).reverse());
    expect(paged.map((r) => r.id)).toEqual(created.map((r) => r.id).reverse());
  });
});
