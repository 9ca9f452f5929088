import { documented as awsFixture } from '../../../../test/fixtures/aws/documented-message';
import { undocumentedPaths } from '../../../../test/fixtures/aws/fixtures';
import {
  channelOfferChanges,
  channelReplacementOfferChanges,
  listingPushChanges,
  offerUpdateChanges,
  privateOfferChanges,
  replacementOfferChanges,
  resaleAuthorizationChanges,
} from './catalog-change.builder';
import type { CatalogChange } from './catalog.port';

interface DocumentedChange {
  ChangeType: string;
  ChangeName?: string;
  Entity: { Type: string; Identifier?: string };
  DetailsDocument: unknown;
}
const documented = (name: string) => awsFixture<{ Catalog: string; ChangeSet: DocumentedChange[] }>(`catalog/${name}`).message.ChangeSet;

/** Our change as the request carries it, with Details in the DetailsDocument position the pages show. */
const asDocumented = (c: CatalogChange): DocumentedChange => ({
  ChangeType: c.ChangeType,
  ...(c.ChangeName ? { ChangeName: c.ChangeName } : {}),
  Entity: c.Entity,
  DetailsDocument: c.Details,
});

/** Every change we build has its documented counterpart, and no field the page does not show. */
function expectDocumented(ours: CatalogChange[], fixture: string) {
  const page = documented(fixture);
  for (const change of ours) {
    const match = page.find((p) => p.ChangeType === change.ChangeType && p.Entity.Type === change.Entity.Type);
    expect({ change: change.ChangeType, documented: Boolean(match) }).toEqual({ change: change.ChangeType, documented: true });
    expect({ change: change.ChangeType, undocumented: undocumentedPaths(asDocumented(change), match) }).toEqual({
      change: change.ChangeType,
      undocumented: [],
    });
  }
}

const base = {
  productId: 'prod-northwind0001',
  name: 'Contoso analytics, 12 months',
  buyerAccounts: ['777788889999'],
  currency: 'USD',
  durationMonths: 12,
  eula: { type: 'StandardEula' } as const,
  expiresAt: new Date('2027-06-30T00:00:00Z'),
};
const prices = [
  { key: 'seats', price: '12000.00' },
  { key: 'api_calls', price: '3000.00' },
];

describe('catalog change sets, against the documented requests', () => {
  it('builds a usage private offer as the subscription-pricing example, with the same change types in the same order', () => {
    const ours = privateOfferChanges({
      ...base,
      pricingModel: 'Usage',
      prices,
      paymentSchedule: null,
      eula: { type: 'CustomEula', url: 'https://s3.amazonaws.com/northwind-legal/eula.pdf' },
    });
    expectDocumented(ours, 'start-change-set.private-offer-usage.json');
    expect(ours.map((c) => c.ChangeType)).toEqual(documented('start-change-set.private-offer-usage.json').map((c) => c.ChangeType));
    expect(ours[0].Details).toEqual({ ProductId: 'prod-northwind0001' });
  });

  it('builds a contract private offer as the contract-pricing example: the duration is the rate card selector, no ValidityTerm', () => {
    const ours = privateOfferChanges({ ...base, pricingModel: 'Contract', prices, paymentSchedule: null });
    expectDocumented(ours, 'start-change-set.private-offer-contract.json');
    expect(ours.map((c) => c.ChangeType)).toEqual(documented('start-change-set.private-offer-contract.json').map((c) => c.ChangeType));
  });

  it('builds an instalment offer as the flexible-payment example: a FixedUpfrontPricingTerm priced 0 granting the dimensions, and a PaymentScheduleTerm', () => {
    const schedule = [
      { chargeDate: '2027-01-15', amount: '6000.00' },
      { chargeDate: '2027-07-15', amount: '6000.00' },
    ];
    const ours = privateOfferChanges({ ...base, pricingModel: 'Contract', prices, paymentSchedule: schedule });
    expectDocumented(ours, 'start-change-set.private-offer-flexible-payment.json');
    expect(ours.map((c) => c.ChangeType)).toEqual(
      documented('start-change-set.private-offer-flexible-payment.json').map((c) => c.ChangeType),
    );
    const pricing = ours.find((c) => c.ChangeType === 'UpdatePricingTerms')!.Details;
    expect(pricing).toEqual({
      PricingModel: 'Contract',
      Terms: [
        {
          Type: 'FixedUpfrontPricingTerm',
          CurrencyCode: 'USD',
          Price: '0.00',
          Grants: [
            { DimensionKey: 'seats', MaxQuantity: 1 },
            { DimensionKey: 'api_calls', MaxQuantity: 1 },
          ],
        },
      ],
    });
    expect(ours.find((c) => c.ChangeType === 'UpdatePaymentScheduleTerms')!.Details).toEqual({
      Terms: [
        {
          Type: 'PaymentScheduleTerm',
          CurrencyCode: 'USD',
          Schedule: [
            { ChargeDate: '2027-01-15', ChargeAmount: '6000.00' },
            { ChargeDate: '2027-07-15', ChargeAmount: '6000.00' },
          ],
        },
      ],
    });
  });

  it.each(['Usage', 'Contract'] as const)(
    'builds a %s resale authorization with Resale* pricing terms, a BuyerLegalTerm and no offer term types',
    (pricingModel) => {
      const ours = resaleAuthorizationChanges({ ...base, pricingModel, prices, resellerAccountId: '444455556666' });
      expectDocumented(ours, 'start-change-set.resale-authorization.json');
      const terms = ours.flatMap((c) => ((c.Details as { Terms?: { Type: string }[] }).Terms ?? []).map((t) => t.Type));
      expect(terms.every((t) => t.startsWith('Resale') || t.startsWith('Buyer'))).toBe(true);
      expect(ours.map((c) => c.ChangeType)).not.toContain('UpdateValidityTerms');
    },
  );

  it('creates a channel offer from the authorization alone: ResaleAuthorizationId, Name and Description, no ProductId', () => {
    const ours = channelOfferChanges({
      resaleAuthorizationId: 'resaleauthz-northwind0001',
      name: 'Contoso analytics via Fabrikam',
      buyerAccounts: ['777788889999'],
      markupPercent: '5.0',
      expiresAt: base.expiresAt,
    });
    expectDocumented(ours, 'start-change-set.channel-offer.json');
    expect(ours[0].Details).toEqual({
      ResaleAuthorizationId: 'resaleauthz-northwind0001',
      Name: 'Contoso analytics via Fabrikam',
      Description: 'Contoso analytics via Fabrikam',
    });
  });

  it('builds replacement offers, direct and channel, with an AgreementEndDate and no targeting (the agreement names the buyer)', () => {
    const end = new Date('2028-06-30T00:00:00Z');
    const direct = replacementOfferChanges({
      ...base,
      agreementId: 'agmt-northwind00000000000000001',
      pricingModel: 'Contract',
      prices,
      paymentSchedule: null,
      agreementEndDate: end,
    });
    expectDocumented(direct, 'start-change-set.replacement-offer.json');
    const channel = channelReplacementOfferChanges({
      agreementId: 'agmt-northwind00000000000000001',
      resaleAuthorizationId: 'resaleauthz-northwind0001',
      name: 'renewal',
      markupPercent: '5.0',
      expiresAt: base.expiresAt,
      agreementEndDate: end,
    });
    expectDocumented(channel, 'start-change-set.channel-replacement-offer.json');
    for (const set of [direct, channel]) {
      expect(set.map((c) => c.ChangeType)).not.toContain('UpdateTargeting');
      expect(set.find((c) => c.ChangeType === 'UpdateValidityTerms')!.Details).toEqual({
        Terms: [{ Type: 'ValidityTerm', AgreementEndDate: '2028-06-30' }],
      });
    }
  });

  it('changes a released offer only in the documented ways: information and availability', () => {
    const ours = offerUpdateChanges('offer-northwind00001', { name: 'Renamed', expiresAt: base.expiresAt });
    expectDocumented(
      ours.filter((c) => c.ChangeType === 'UpdateInformation'),
      'start-change-set.update-information.json',
    );
    expectDocumented(
      ours.filter((c) => c.ChangeType === 'UpdateAvailability'),
      'start-change-set.update-availability.json',
    );
  });

  it('pushes dimension names with UpdateDimensions as the documented array', () => {
    const ours = listingPushChanges('prod-northwind0001', {
      dimensions: [{ key: 'api_calls', name: 'API calls', types: ['ExternallyMetered'] }],
    });
    expectDocumented(ours, 'start-change-set.update-dimensions.json');
    expect(Array.isArray(ours[0].Details)).toBe(true);
  });
});
