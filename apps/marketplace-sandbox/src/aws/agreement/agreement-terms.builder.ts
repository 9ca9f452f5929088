import { createHash } from 'node:crypto';
import type { ProductDimension } from '../catalog/catalog-entity.types';
import type { Agreement } from './agreement.types';

/**
 * The accepted terms of an agreement, in the union shape GetAgreementTerms
 * returns (`{ <termKind>: {...} }`): the contract price as one upfront
 * charge granting the purchased dimensions, metered prices from the product,
 * the validity period, the standard EULA and a support term.
 */
export function buildAcceptedTerms(agreement: Agreement, productDimensions: ProductDimension[]): Record<string, unknown>[] {
  const termId = (kind: string) => `term-${createHash('sha256').update(`${agreement.agreementId}/${kind}`).digest('hex').slice(0, 24)}`;
  const duration = `P${agreement.durationMonths}M`;
  const terms: Record<string, unknown>[] = [
    {
      legalTerm: {
        type: 'LegalTerm',
        id: termId('legal'),
        documents: [
          { type: 'StandardEula', url: 'https://aws.amazon.com/marketplace/features/standardized-contracts/', version: '2022-07-14' },
        ],
      },
    },
    {
      validityTerm: {
        type: 'ValidityTerm',
        id: termId('validity'),
        agreementDuration: duration,
        agreementStartDate: agreement.startTime,
        agreementEndDate: agreement.endTime,
      },
    },
    {
      fixedUpfrontPricingTerm: {
        type: 'FixedUpfrontPricingTerm',
        id: termId('upfront'),
        currencyCode: agreement.currency,
        duration,
        price: agreement.agreementValue,
        grants: agreement.dimensions.map((d) => ({ dimensionKey: d.key, maxQuantity: d.quantity })),
      },
    },
    { supportTerm: { type: 'SupportTerm', id: termId('support'), refundPolicy: 'No refunds after 30 days.' } },
  ];
  const metered = productDimensions.filter((d) => d.types.includes('ExternallyMetered'));
  if (metered.length > 0) {
    terms.push({
      usageBasedPricingTerm: {
        type: 'UsageBasedPricingTerm',
        id: termId('usage'),
        currencyCode: agreement.currency,
        rateCards: [{ rateCard: metered.map((d) => ({ dimensionKey: d.key, price: d.price })) }],
      },
    });
  }
  return terms;
}
