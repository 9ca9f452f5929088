import { queryDatabase } from '@bridge/testing';
import { DATABASE_URL } from './reconciliation.int-harness';

/**
 * sum_minor, the migration's aggregate that matching totals minor units with
 * (reconciliation-match.sql.ts): a bigint all the way, exact to the last
 * unit, refusing a total it cannot hold rather than wrapping it.
 */
describe('sum_minor, the bigint sum of minor units (real PostgreSQL)', () => {
  const sumWith = async (aggregate: 'sum_minor' | 'sum', values: string[]) =>
    (
      await queryDatabase<{ total: string | null }>(DATABASE_URL, `SELECT ${aggregate}(v)::text AS total FROM unnest($1::bigint[]) AS v`, [
        values,
      ])
    )[0]!.total;
  const total = (values: string[]) => sumWith('sum_minor', values);

  it('is exact to the unit at the top of bigint, where a float would round', async () => {
    expect(await total(['9223372036854775000', '806', '1'])).toBe('9223372036854775807');
    expect(await total(['-9223372036854775000', '-808'])).toBe('-9223372036854775808');
  });

  it('gives the same total as sum() over amounts of both signs', async () => {
    const values = ['7350', '-7350', '-221', '1999999999999', '-5', '0', '123456789'];
    expect(await total(values)).toBe(await sumWith('sum', values));
  });

  it('answers null for no rows, as sum() does (matching coalesces it to 0)', async () => {
    expect(await total([])).toBeNull();
  });

  it('refuses a total beyond bigint instead of wrapping it', async () => {
    await expect(total(['9223372036854775807', '1'])).rejects.toThrow('bigint out of range');
  });
});
