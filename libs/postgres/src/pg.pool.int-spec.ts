import { loadConfig, withProcessTimeZone } from '@bridge/config';
import { PgPool } from './pg.pool';
import type { Statement } from './read-types';

/** A statement as Prisma.sql builds one: $n placeholders and their values. */
const statement = (text: string, ...values: unknown[]): Statement => ({ text, values });

describe('PgPool.rows: reads straight on the pool, decoded as the repositories expect, on real PostgreSQL', () => {
  const config = loadConfig();
  let pg: PgPool;
  beforeAll(() => {
    pg = new PgPool(config);
  });
  afterAll(() => pg.onApplicationShutdown());

  it('reads bigint columns exactly, beyond 2^53, as bigint; int and numeric text as node-postgres does', async () => {
    const [row] = await pg.rows<{ big: bigint; negative: bigint; small: number; price: string }>(
      statement(
        `SELECT 9007199254740993::bigint AS big, -12345678901234567::bigint AS negative, 42::int AS small, 0.0001::numeric::text AS price`,
      ),
    );
    expect(row).toEqual({ big: 9007199254740993n, negative: -12345678901234567n, small: 42, price: '0.0001' });
  });

  it('reads timestamps without zone as UTC instants (to the millisecond) and days as UTC midnight, whatever zone the process runs in', async () => {
    const [row] = await withProcessTimeZone('America/New_York', () =>
      pg.rows<{ at: Date; micro: Date; day: Date; none: Date | null }>(
        statement(
          `SELECT '2026-03-01 10:00:00.123'::timestamp AS at, '2026-03-01 23:59:59.999999'::timestamp AS micro,
                '2026-02-28'::date AS day, NULL::timestamp AS none`,
        ),
      ),
    );
    expect(row!.at.toISOString()).toBe('2026-03-01T10:00:00.123Z');
    expect(row!.micro.toISOString()).toBe('2026-03-01T23:59:59.999Z');
    expect(row!.day.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(row!.none).toBeNull();
  });

  it('binds Dates as UTC instants and bigints exactly, whatever zone the process runs in', async () => {
    const at = new Date('2026-03-01T10:00:00.123Z');
    const [row] = await withProcessTimeZone('Asia/Kolkata', () =>
      pg.rows<{ same: boolean; day: Date; sum: bigint }>(
        statement(
          `SELECT $1::timestamp = '2026-03-01 10:00:00.123'::timestamp AS same, $1::date AS day, $2::bigint + 1 AS sum`,
          at,
          9007199254740993n,
        ),
      ),
    );
    expect(row).toEqual({ same: true, day: new Date('2026-03-01T00:00:00Z'), sum: 9007199254740994n });
  });

  it('leaves the pool’s other users on node-postgres’s own decoding', async () => {
    await pg.rows(statement('SELECT 1::bigint AS one'));
    const { rows } = await pg.pool.query<{ one: string }>('SELECT 1::bigint AS one');
    expect(rows[0]!.one).toBe('1');
  });
});

describe('PgPool.prepared: statements each connection prepares once', () => {
  const config = loadConfig();
  let pg: PgPool;
  beforeAll(() => {
    pg = new PgPool(config);
  });
  afterAll(() => pg.onApplicationShutdown());

  it('decodes and binds as rows does, whatever zone the process runs in', async () => {
    const at = new Date('2026-03-01T10:00:00.123Z');
    const [row] = await withProcessTimeZone('Asia/Kolkata', () =>
      pg.prepared<{ same: boolean; at: Date; big: bigint }>(
        'a-list',
        statement(
          `SELECT $1::timestamp = '2026-03-01 10:00:00.123'::timestamp AS same, $1::timestamp AS at, 9007199254740993::bigint AS big`,
          at,
        ),
      ),
    );
    expect(row).toEqual({ same: true, at, big: 9007199254740993n });
  });

  it('keeps the texts of one list apart: each filter shape answers its own rows, again and again', async () => {
    const first = statement('SELECT $1::int + 1 AS n');
    const after = statement('SELECT $1::int + 1 AS n WHERE $2::int > 0');
    for (let round = 0; round < 3; round++) {
      // More than the pool's connections at once, so every connection meets both texts under the one label.
      const answers = await Promise.all(
        Array.from({ length: config.DATABASE_POOL_SIZE * 2 }, (_, i) =>
          i % 2
            ? pg.prepared<{ n: number }>('a-list', { ...after, values: [i, 1] })
            : pg.prepared<{ n: number }>('a-list', { ...first, values: [i] }),
        ),
      );
      expect(answers).toEqual(Array.from({ length: config.DATABASE_POOL_SIZE * 2 }, (_, i) => [{ n: i + 1 }]));
    }
  });
});
