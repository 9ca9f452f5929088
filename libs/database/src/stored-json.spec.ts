import { z } from 'zod';
import { parseStoredJson, StoredJsonError } from './stored-json';

const prices = z.array(z.object({ key: z.string(), price: z.string() }));
const where = { table: 'offer_terms', id: '7d0c3c52-0000-4000-8000-000000000001', field: 'prices' };

describe('a stored JSON value read back', () => {
  it('is the schema’s output when the stored value has its shape', () => {
    expect(parseStoredJson(prices, [{ key: 'users', price: '1.00' }], where)).toEqual([{ key: 'users', price: '1.00' }]);
  });

  it('is refused, naming the table, row and field and what is wrong, rather than read with a default', () => {
    let thrown: unknown;
    try {
      parseStoredJson(prices, [{ key: 'users', price: 1 }], where);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoredJsonError);
    expect((thrown as StoredJsonError).where).toEqual(where);
    expect((thrown as Error).message).toMatch(/^offer_terms 7d0c3c52-0000-4000-8000-000000000001: prices is not as stored: 0\.price: /);
  });

  it('is refused when a required value is missing altogether', () => {
    expect(() => parseStoredJson(prices, null, where)).toThrow(/offer_terms .*: prices is not as stored: \(value\): /);
  });
});
