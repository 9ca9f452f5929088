import { documented } from '../../../../test/fixtures/aws/documented-message';
import { includedQuantitiesOf } from './agreement-terms.parser';

describe('the quantities an AWS agreement includes, from its accepted terms', () => {
  it('reads the units the buyer chose in a ConfigurableUpfrontPricingTerm, not the rate cards on offer (GetAgreementTerms sample)', () => {
    const { message } = documented<{ response: { acceptedTerms: unknown[] } }>('agreement/get-agreement-terms.json');
    // The rate cards price AdminUsers and ReadOnlyUsers; the buyer configured one AdminUsers unit only.
    expect(includedQuantitiesOf(message.response.acceptedTerms)).toEqual({ AdminUsers: '1' });
  });

  it("reads a FixedUpfrontPricingTerm's grants, and adds a dimension granted by two terms", () => {
    const terms = [
      {
        fixedUpfrontPricingTerm: {
          type: 'FixedUpfrontPricingTerm',
          price: '1200.00',
          grants: [{ dimensionKey: 'Users', maxQuantity: 25 }],
        },
      },
      {
        configurableUpfrontPricingTerm: {
          type: 'ConfigurableUpfrontPricingTerm',
          configuration: {
            selectorValue: 'P12M',
            dimensions: [
              { dimensionKey: 'Users', dimensionValue: 5 },
              { dimensionKey: 'Storage', dimensionValue: 0 },
            ],
          },
        },
      },
    ];
    expect(includedQuantitiesOf(terms)).toEqual({ Storage: '0', Users: '30' });
  });

  it('includes nothing for terms that buy no units (usage-based, legal, support), and skips malformed quantities', () => {
    const terms = [
      {
        usageBasedPricingTerm: { type: 'UsageBasedPricingTerm', rateCards: [{ rateCard: [{ dimensionKey: 'Requests', price: '0.01' }] }] },
      },
      { legalTerm: { type: 'LegalTerm', documents: [] } },
      {
        fixedUpfrontPricingTerm: {
          grants: [{ dimensionKey: 'Users', maxQuantity: -1 }, { dimensionKey: '', maxQuantity: 3 }, { maxQuantity: 4 }],
        },
      },
      null,
    ];
    expect(includedQuantitiesOf(terms)).toEqual({});
  });
});
