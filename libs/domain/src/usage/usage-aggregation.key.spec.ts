import { aggregateUsage, usageAggregationKey, type UsageQuantity } from './usage-aggregation.key';

const LICENCE = '123456789012/arn:aws:license-manager::1:license:l-1';
const record = (at: string, quantity: bigint, changes: Partial<UsageQuantity> = {}): UsageQuantity => ({
  cloud: 'AWS',
  customerRef: LICENCE,
  dimension: 'api_calls',
  at: new Date(at),
  quantity,
  ...changes,
});

describe('the usage aggregation key: one per cloud, customer, dimension and hour', () => {
  it('is URI-encoded, with the hour as YYYYMMDDHH and no colon', () => {
    const key = usageAggregationKey(record('2026-03-15T12:34:00Z', 1n));
    expect(key).toBe('meter|AWS|123456789012%2Farn%3Aaws%3Alicense-manager%3A%3A1%3Alicense%3Al-1|api_calls|2026031512');
    expect(key).not.toContain(':');
  });

  it.each([
    ['two times in the same hour', record('2026-03-15T12:00:00Z', 1n), record('2026-03-15T12:59:59Z', 1n), true],
    ['adjacent hours', record('2026-03-15T12:59:59Z', 1n), record('2026-03-15T13:00:00Z', 1n), false],
    ['another dimension', record('2026-03-15T12:00:00Z', 1n), record('2026-03-15T12:00:00Z', 1n, { dimension: 'storage' }), false],
    ['another cloud', record('2026-03-15T12:00:00Z', 1n), record('2026-03-15T12:00:00Z', 1n, { cloud: 'AZURE' }), false],
    // a separator inside a customer ref cannot shift a part into the next one
    [
      'a "|" moved between customer and dimension',
      record('2026-03-15T12:00:00Z', 1n, { customerRef: 'a|b', dimension: 'c' }),
      record('2026-03-15T12:00:00Z', 1n, { customerRef: 'a', dimension: 'b|c' }),
      false,
    ],
  ])('%s: same key = %p', (_case, a, b, same) => {
    expect(usageAggregationKey(a) === usageAggregationKey(b)).toBe(same);
  });
});

describe('aggregateUsage sums every record of an hour before anything is sent', () => {
  it('sums per key and reports the hour start', () => {
    const sums = aggregateUsage([
      record('2026-03-15T12:05:00Z', 3n),
      record('2026-03-15T13:10:00Z', 4n),
      record('2026-03-15T12:55:00Z', 2n),
      record('2026-03-15T12:30:00Z', 0n),
    ]);
    expect(sums.map((s) => [s.at.toISOString(), s.quantity])).toEqual([
      ['2026-03-15T12:00:00.000Z', 5n],
      ['2026-03-15T13:00:00.000Z', 4n],
    ]);
  });

  it('refuses a negative quantity', () => {
    expect(() => aggregateUsage([record('2026-03-15T12:05:00Z', -1n)])).toThrow(/cannot be negative/);
  });
});
