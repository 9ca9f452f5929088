import {
  changeProblemsOf,
  offerUpdateOnSuccessOf,
  parsedChangeSet,
  storedChanges,
  type OfferUpdateOnSuccess,
} from './catalog-change-set.schema';

const id = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('a catalog change set read back', () => {
  it('gives an offer update its expiry as a date and its value as minor units, as Prisma writes them', () => {
    const written: OfferUpdateOnSuccess = {
      offer: { expiresAt: '2027-03-31T00:00:00.000Z', contractValueMinor: '2100000' },
      terms: { prices: [{ key: 'seats', price: '18000.00' }] },
    };
    expect(offerUpdateOnSuccessOf({ id, onSuccess: stored(written) })).toEqual({
      offer: { expiresAt: new Date('2027-03-31T00:00:00.000Z'), contractValueMinor: 2_100_000n },
      terms: { prices: [{ key: 'seats', price: '18000.00' }] },
    });
  });

  it('refuses an offer update that would set what an update never sets, naming the row', () => {
    const written = { offer: { state: 'PUBLISHED' }, terms: {} };
    expect(() => offerUpdateOnSuccessOf({ id, onSuccess: stored(written) })).toThrow(
      `catalog_change_set ${id}: on_success is not as stored: offer: Unrecognized key: "state"`,
    );
  });

  it('refuses an offer update with none recorded rather than applying nothing', () => {
    expect(() => offerUpdateOnSuccessOf({ id, onSuccess: null })).toThrow(/catalog_change_set .*: on_success is not as stored/);
  });

  it('reads the changes it sends, and no errors until it has failed', () => {
    const changes = [{ ChangeType: 'UpdateInformation', Entity: { Type: 'Offer@1.0', Identifier: 'offer-1' }, Details: { Name: 'x' } }];
    expect(parsedChangeSet({ id, changes: stored(changes), errors: null })).toEqual({ id, changes, errors: [] });
  });

  it('refuses a set without changes, naming the field', () => {
    expect(() => parsedChangeSet({ id, changes: [], errors: null })).toThrow(`catalog_change_set ${id}: changes is not as stored`);
  });

  it('reads per-change errors as a partner is shown them', () => {
    const errors = [{ changeType: 'UpdatePricingTerms', field: 'prices', code: 'INCOMPATIBLE_TERMS', message: 'fixed once released' }];
    expect(changeProblemsOf({ id, errors: stored(errors) })).toEqual(errors);
  });
});

describe('catalog changes as a set stores them', () => {
  it('drops what a builder left undefined, as the JSON column would, and keeps the rest', () => {
    const built = [
      {
        ChangeType: 'UpdateInformation',
        ChangeName: undefined,
        Entity: { Type: 'Offer@1.0' },
        Details: { Name: 'x', Description: undefined },
      },
    ];
    expect(storedChanges(built)).toEqual([{ ChangeType: 'UpdateInformation', Entity: { Type: 'Offer@1.0' }, Details: { Name: 'x' } }]);
  });

  it('refuses a change without its type before anything is recorded', () => {
    expect(() => storedChanges([{ Entity: { Type: 'Offer@1.0' }, Details: {} }])).toThrow(/ChangeType/);
  });
});
