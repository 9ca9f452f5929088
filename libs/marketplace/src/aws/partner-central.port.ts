/** Co-sell: AWS Partner Central opportunities linked to marketplace offers. */
export interface CoSellApi {
  /** Links an opportunity to a marketplace private offer (RelatedEntityType AwsMarketplaceOffers). */
  linkOfferToOpportunity(input: { opportunityId: string; offerArnOrId: string; catalog?: 'AWS' | 'Sandbox' }): Promise<void>;
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
