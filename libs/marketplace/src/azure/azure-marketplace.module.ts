import { Module } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import { AzureManagementTokenProvider, AzureTokenProvider } from './azure-token.provider';
import { AzureMarketplaceOrderingClient } from './marketplace-ordering.client';
import { AzureFulfillmentClient } from './fulfillment.client';
import { AzureMeteringClient } from './metering.client';

/** The Azure Marketplace clients (and Marketplace Ordering's) and the one token provider and HTTP helper they share in a process. */
@Module({
  providers: [
    AzureTokenProvider,
    AzureManagementTokenProvider,
    AzureHttpClient,
    AzureFulfillmentClient,
    AzureMeteringClient,
    AzureMarketplaceOrderingClient,
  ],
  exports: [AzureTokenProvider, AzureHttpClient, AzureFulfillmentClient, AzureMeteringClient, AzureMarketplaceOrderingClient],
})
export class AzureMarketplaceModule {}
