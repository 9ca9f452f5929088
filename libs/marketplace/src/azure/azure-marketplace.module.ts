import { Module } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import { AzureManagementTokenProvider, AzureTokenProvider } from './azure-token.provider';
import { AzureMarketplaceOrderingClient } from './marketplace-ordering.client';
import { AzureFulfillmentClient } from './fulfillment.client';
import { AzureMeteringClient } from './metering.client';
import { AzureProductIngestionClient } from './product-ingestion.client';
import { AzureProductListingClient } from './product-listing.client';

const CLIENTS = [
  AzureTokenProvider,
  AzureManagementTokenProvider,
  AzureHttpClient,
  AzureFulfillmentClient,
  AzureMeteringClient,
  AzureProductIngestionClient,
  AzureProductListingClient,
  AzureMarketplaceOrderingClient,
];

/** The Azure Marketplace clients (and those of the Product Ingestion API and Marketplace Ordering) and the one token provider and HTTP helper they share in a process. */
@Module({ providers: CLIENTS, exports: CLIENTS })
export class AzureMarketplaceModule {}
