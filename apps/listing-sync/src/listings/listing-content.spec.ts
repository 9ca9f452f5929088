import { contentHash, decideDrift, type ListingContent } from './listing-content';

const base: ListingContent = {
  title: 'Analytics',
  dimensions: [{ key: 'api_calls', name: 'API calls', unit: 'Requests', price: '0.10', currency: 'USD' }],
};
const withPrice = (price: string): ListingContent => ({ ...base, dimensions: [{ ...base.dimensions[0], price }] });

describe('listing drift between the product and the marketplace', () => {
  it('treats 0.100000 and 0.1 as the same price', () => {
    expect(contentHash(withPrice('0.100000'))).toBe(contentHash(withPrice('0.1')));
  });

  it('imports on the first sync and when only the marketplace changed', () => {
    expect(decideDrift(null, base, null)).toMatchObject({ action: 'IMPORT' });
    expect(decideDrift(base, withPrice('0.20'), contentHash(base))).toMatchObject({
      action: 'IMPORT',
      reason: 'changed in the marketplace',
    });
  });

  it('pushes when only the product changed', () => {
    expect(decideDrift(withPrice('0.15'), base, contentHash(base))).toMatchObject({ action: 'PUSH' });
  });

  it('reports a conflict, field by field, when both changed', () => {
    const decision = decideDrift(withPrice('0.15'), { ...withPrice('0.20'), title: 'Analytics Pro' }, contentHash(base));
    expect(decision).toEqual({
      action: 'CONFLICT',
      differences: ['title: product "Analytics", marketplace "Analytics Pro"', 'dimension api_calls price: product 0.15, marketplace 0.2'],
    });
  });

  it('is in sync when both sides say the same', () => {
    expect(decideDrift(base, withPrice('0.1'), 'anything')).toEqual({ action: 'IN_SYNC' });
  });
});
