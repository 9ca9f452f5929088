/** Co-sell: AWS Partner Central opportunities linked to marketplace offers. */
export interface CoSellApi {
  /** Links an opportunity to a marketplace private offer (RelatedEntityType AwsMarketplaceOffers). */
  /** AssociateOpportunity names a Marketplace offer by its ARN (Partner Central Selling API reference), not its entity id. */
  linkOfferToOpportunity(input: { opportunityId: string; offerArn: string; catalog?: 'AWS' | 'Sandbox' }): Promise<void>;
}

export const CO_SELL_API = Symbol('CO_SELL_API');

export class CoSellRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CoSellRejectedError';
  }
}
