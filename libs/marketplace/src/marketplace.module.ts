import { Global, Module } from '@nestjs/common';
import { AGREEMENT_SOURCE } from './agreement.port';
import { AwsAgreementSource } from './aws/aws-agreement.source';
import { AwsCatalogApi } from './aws/catalog.client';
import { AZURE_CHANGE_SET_API, CATALOG_API } from './aws/catalog.port';
import { AwsCustomerResolver } from './aws/customer-resolver.client';
import { CUSTOMER_RESOLVER } from './aws/customer-resolver.port';
import { DATA_FEED_BUCKET } from './aws/data-feed-bucket.port';
import { AwsMeteringClient } from './aws/metering.client';
import { AWS_METER, AZURE_METER } from './aws/metering.port';
import { ConfiguredMeteringClock } from './aws/metering-clock';
import { METERING_CLOCK } from './aws/metering-clock.port';
import { AwsPartnerCentralCoSell } from './aws/partner-central.client';
import { CO_SELL_API } from './aws/partner-central.port';
import { S3DataFeedClient } from './aws/s3-data-feed.client';
import { AzureHttpClient } from './azure/azure-http.client';
import { AzureManagementTokenProvider, AzureTokenProvider } from './azure/azure-token.provider';
import { AzureFulfillmentClient } from './azure/fulfillment.client';
import { AzureMarketplaceOrderingClient } from './azure/marketplace-ordering.client';
import { MARKETPLACE_ORDERING_API } from './azure/marketplace-ordering.port';
import { AzureMeteringClient } from './azure/metering.client';
import { AzureProductIngestionClient } from './azure/product-ingestion.client';
import { AzureProductListingClient } from './azure/product-listing.client';
import { AZURE_LISTING_API } from './azure/product-listing.port';
import { SAAS_FULFILLMENT_API } from './azure/saas-fulfillment.port';

/**
 * Every port the product needs of a cloud, each provided once with its client.
 * Every client reads its endpoints from the configuration (the sandbox unless
 * MARKETPLACE_TARGET=cloud), so an app neither picks nor wires a client: it
 * injects the port's token.
 */
const PORTS = [
  { provide: AGREEMENT_SOURCE, useClass: AwsAgreementSource },
  { provide: CATALOG_API, useClass: AwsCatalogApi },
  { provide: CO_SELL_API, useClass: AwsPartnerCentralCoSell },
  { provide: CUSTOMER_RESOLVER, useClass: AwsCustomerResolver },
  { provide: DATA_FEED_BUCKET, useClass: S3DataFeedClient },
  { provide: AWS_METER, useClass: AwsMeteringClient },
  { provide: METERING_CLOCK, useClass: ConfiguredMeteringClock },
  { provide: AZURE_METER, useClass: AzureMeteringClient },
  { provide: AZURE_CHANGE_SET_API, useClass: AzureProductIngestionClient },
  { provide: AZURE_LISTING_API, useClass: AzureProductListingClient },
  { provide: SAAS_FULFILLMENT_API, useClass: AzureFulfillmentClient },
  { provide: MARKETPLACE_ORDERING_API, useClass: AzureMarketplaceOrderingClient },
];

/** One Entra token cache and one HTTP helper per process, shared by the Azure clients; not for apps to inject. */
const AZURE_PLUMBING = [AzureTokenProvider, AzureManagementTokenProvider, AzureHttpClient];

/** Global: an app's root module imports it once and every feature module injects ports by token. */
@Global()
@Module({
  providers: [...AZURE_PLUMBING, ...PORTS],
  exports: PORTS.map((port) => port.provide),
})
export class MarketplaceModule {}
