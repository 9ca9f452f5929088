import { Module } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import { AzureTokenProvider } from './azure-token.provider';
import { AzureFulfillmentClient } from './fulfillment.client';
import { AzureMeteringClient } from './metering.client';

/** The Azure Marketplace clients and the one token provider and HTTP helper they share in a process. */
@Module({
  providers: [AzureTokenProvider, AzureHttpClient, AzureFulfillmentClient, AzureMeteringClient],
  exports: [AzureTokenProvider, AzureHttpClient, AzureFulfillmentClient, AzureMeteringClient],
})
export class AzureMarketplaceModule {}
