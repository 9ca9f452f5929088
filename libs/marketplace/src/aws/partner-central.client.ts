import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AssociateOpportunityCommand, PartnerCentralSellingClient } from '@aws-sdk/client-partnercentral-selling';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { awsClientOptions } from './aws-client.options';
import { CoSellRejectedError, type CoSellApi } from './partner-central.port';

/** Errors a retry cannot fix: the opportunity or offer is unknown, or the call is not allowed. */
const PERMANENT = new Set(['ValidationException', 'ResourceNotFoundException', 'AccessDeniedException', 'ConflictException']);

/**
 * AWS Partner Central Selling API. The marketplace sandbox does not serve
 * Partner Central, so the client uses AWS's endpoint unless
 * PARTNER_CENTRAL_ENDPOINT_URL points it elsewhere.
 */
@Injectable()
export class AwsPartnerCentralCoSell implements CoSellApi, OnModuleDestroy {
  private readonly client: PartnerCentralSellingClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const options = awsClientOptions(config);
    this.client = new PartnerCentralSellingClient({ ...options, endpoint: config.PARTNER_CENTRAL_ENDPOINT_URL });
  }

  async linkOfferToOpportunity(input: { opportunityId: string; offerArn: string; catalog?: 'AWS' | 'Sandbox' }): Promise<void> {
    try {
      await this.client.send(
        new AssociateOpportunityCommand({
          Catalog: input.catalog ?? 'AWS',
          OpportunityIdentifier: input.opportunityId,
          RelatedEntityType: 'AwsMarketplaceOffers',
          RelatedEntityIdentifier: input.offerArn,
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      if (PERMANENT.has(name)) throw new CoSellRejectedError(name, (error as Error).message);
      throw error;
    }
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
