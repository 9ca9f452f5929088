import { CursorError, decodeCursor, encodeCursor, type OrderKey } from './cursor.codec';
import { keysetWhere } from './keyset.where';

const KEYS: OrderKey[] = [
  { field: 'occurredAt', direction: 'desc', type: 'date' },
  { field: 'amountMinor', direction: 'desc', type: 'bigint' },
  { field: 'id', direction: 'desc', type: 'uuid' },
];
const VALUES = [new Date('2026-03-01T10:00:00.123Z'), -12345678901234567n, '0b7c1f0e-6f1a-4c8e-9a43-5d1f1d2e3f40'];

describe('page cursors', () => {
  it('give back exactly the key they were made from, dates to the millisecond and bigints beyond 2^53', () => {
    const cursor = encodeCursor('partner-credits', KEYS, VALUES);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('partner-credits', KEYS, cursor)).toEqual(VALUES);
  });

  it("refuse another list's cursor, a tampered one and one of the wrong shape", () => {
    const cursor = encodeCursor('partner-credits', KEYS, VALUES);
    expect(() => decodeCursor('deals', KEYS, cursor)).toThrow(new CursorError('a cursor of another list (partner-credits), not of deals'));
    const forged = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');
    for (const bad of [
      'a+b',
      forged([1, 'partner-credits', 'not a date', '1', VALUES[2]]),
      forged([1, 'partner-credits', VALUES[0], '1.5', VALUES[2]]),
      forged([1, 'partner-credits', VALUES[0], '1', "x' OR 1=1"]),
      forged([2, 'partner-credits', VALUES[0], '1', VALUES[2]]),
      forged([1, 'partner-credits', VALUES[0]]),
    ])
      expect(() => decodeCursor('partner-credits', KEYS, bad)).toThrow(CursorError);
  });

  it('read the rows strictly after the key, in the order the keys run', () => {
    expect(keysetWhere(KEYS, null)).toEqual({});
    expect(keysetWhere(KEYS.slice(0, 2), VALUES.slice(0, 2))).toEqual({
      OR: [{ occurredAt: { lt: VALUES[0] } }, { occurredAt: VALUES[0], amountMinor: { lt: VALUES[1] } }],
    });
  });
});
