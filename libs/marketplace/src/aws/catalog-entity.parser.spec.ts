import { documented as awsFixture } from '../../../../test/fixtures/aws/documented-message';
import type { CatalogEntity } from './catalog.port';
import { parseOffer, parsePublicOffer, parseSaaSProduct } from './catalog-entity.parser';

interface DescribeEntityResponse {
  EntityType: string;
  EntityIdentifier: string;
  EntityArn: string;
  LastModifiedDate: string;
  DetailsDocument: Record<string, unknown>;
}

/** What the AWS adapter makes of a DescribeEntity response. */
function entity(fixture: string): CatalogEntity {
  const r = awsFixture<DescribeEntityResponse>(`catalog/${fixture}`).message;
  return {
    entityId: r.EntityIdentifier.split('@')[0],
    entityType: r.EntityType,
    entityArn: r.EntityArn,
    lastModifiedDate: r.LastModifiedDate,
    details: r.DetailsDocument,
  };
}

describe('DescribeEntity documents, as documented', () => {
  it('reads a private offer as private, with targeting and availability from its rules', () => {
    const offer = parseOffer(entity('describe-entity.offer.json'));
    expect(offer).toMatchObject({
      offerId: 'offer-northwind00001',
      productId: 'prod-northwind0001',
      state: 'Released',
      isPrivate: true,
      buyerAccounts: ['777788889999'],
      countryCodes: ['US', 'CA'],
      excludedCountryCodes: ['XX'],
      availabilityEndDate: '2027-06-30T01:56:03.000Z',
    });
  });

  it('never takes a private offer, or a channel offer, for the public offer whose prices the listing shows', () => {
    expect(parsePublicOffer(entity('describe-entity.offer.json'))).toBeNull();
    expect(parsePublicOffer(entity('describe-entity.channel-offer.json'))).toBeNull();
    expect(parseOffer(entity('describe-entity.channel-offer.json'))).toMatchObject({
      isPrivate: true,
      resaleAuthorizationId: 'resaleauthz-northwind0001',
    });
  });

  it('reads the public offer (country targeting only) and its prices', () => {
    expect(parsePublicOffer(entity('describe-entity.public-offer.json'))).toEqual({
      offerId: 'offer-northwindpub01',
      productId: 'prod-northwind0001',
      currency: 'USD',
      prices: [
        { key: 'api_calls', price: '0.10' },
        { key: 'seats', price: '25.00' },
      ],
    });
  });

  it('reads a SaaS product: title, code and visibility under Description, dimensions without prices', () => {
    expect(parseSaaSProduct(entity('describe-entity.saas-product.json'))).toEqual({
      productId: 'prod-northwind0001',
      productCode: 'analytics-code',
      title: 'Northwind Analytics',
      visibility: 'Public',
      dimensions: [
        { key: 'api_calls', name: 'API calls', unit: 'Requests', types: ['ExternallyMetered'] },
        { key: 'seats', name: 'Seats', unit: 'Users', types: ['ExternallyMetered'] },
      ],
    });
  });
});
