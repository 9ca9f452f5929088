import { Module } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import { AzureTokenProvider } from './azure-token.provider';
import { AzureFulfillmentClient } from './fulfillment.client';
import { AzureMeteringClient } from './metering.client';
import { AzureProductIngestionClient } from './product-ingestion.client';
import { AzureProductListingClient } from './product-listing.client';

/** The Azure Marketplace clients and the one token provider and HTTP helper they share in a process. */
@Module({
  providers: [
    AzureTokenProvider,
    AzureHttpClient,
    AzureFulfillmentClient,
    AzureMeteringClient,
    AzureProductIngestionClient,
    AzureProductListingClient,
  ],
  exports: [
    AzureTokenProvider,
    AzureHttpClient,
    AzureFulfillmentClient,
    AzureMeteringClient,
    AzureProductIngestionClient,
    AzureProductListingClient,
  ],
})
export class AzureMarketplaceModule {}
