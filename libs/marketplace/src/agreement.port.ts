/** What the product needs to know of a marketplace agreement, whatever the cloud. */
export interface AgreementSnapshot {
  agreementId: string;
  status: string;
  acceptorAccountId: string;
  proposerAccountId: string;
  offerId: string | null;
  /** The product sold: AWS names it among the proposal's resources (type SaaSProduct, AmiProduct...). */
  productId: string | null;
  /** Total contract value as the marketplace states it: a decimal string. */
  value: string;
  currency: string;
  acceptedAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  /** What the contract includes per dimension (units bought), quantities as decimal strings; empty when it buys none. */
  includedQuantities: Record<string, string>;
}

export const AGREEMENT_SOURCE = Symbol('AGREEMENT_SOURCE');

export interface AgreementSource {
  describe(agreementId: string): Promise<AgreementSnapshot>;
}

export class AgreementNotFoundError extends Error {
  constructor(agreementId: string) {
    super(`agreement ${agreementId} is not known to the marketplace`);
    this.name = 'AgreementNotFoundError';
  }
}
