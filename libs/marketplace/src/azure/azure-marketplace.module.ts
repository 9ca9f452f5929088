import { Module } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import { AzureTokenProvider } from './azure-token.provider';
import { AzureFulfillmentClient } from './fulfillment.client';
import { AzureMeteringClient } from './metering.client';
import { AzureProductIngestionClient } from './product-ingestion.client';
import { AzureProductListingClient } from './product-listing.client';

const CLIENTS = [
  AzureTokenProvider,
  AzureHttpClient,
  AzureFulfillmentClient,
  AzureMeteringClient,
  AzureProductIngestionClient,
  AzureProductListingClient,
];

/** The Azure Marketplace clients (and the Product Ingestion API's) and the one token provider and HTTP helper they share in a process. */
@Module({ providers: CLIENTS, exports: CLIENTS })
export class AzureMarketplaceModule {}
