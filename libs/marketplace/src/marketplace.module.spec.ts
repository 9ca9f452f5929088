import { Inject, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@bridge/config';
import { AGREEMENT_SOURCE } from './agreement.port';
import { AwsAgreementSource } from './aws/aws-agreement.source';
import { AwsCatalogApi } from './aws/catalog.client';
import { AZURE_CHANGE_SET_API, CATALOG_API } from './aws/catalog.port';
import { AwsCustomerResolver } from './aws/customer-resolver.client';
import { CUSTOMER_RESOLVER } from './aws/customer-resolver.port';
import { DATA_FEED_BUCKET } from './aws/data-feed-bucket.port';
import { AwsMeteringClient } from './aws/metering.client';
import { AWS_METER, AZURE_METER, type MarketplaceMeter } from './aws/metering.port';
import { ConfiguredMeteringClock } from './aws/metering-clock';
import { METERING_CLOCK } from './aws/metering-clock.port';
import { AwsPartnerCentralCoSell } from './aws/partner-central.client';
import { CO_SELL_API } from './aws/partner-central.port';
import { S3DataFeedClient } from './aws/s3-data-feed.client';
import { AzureFulfillmentClient } from './azure/fulfillment.client';
import { AzureMarketplaceOrderingClient } from './azure/marketplace-ordering.client';
import { MARKETPLACE_ORDERING_API } from './azure/marketplace-ordering.port';
import { AzureMeteringClient } from './azure/metering.client';
import { AzureProductIngestionClient } from './azure/product-ingestion.client';
import { AzureProductListingClient } from './azure/product-listing.client';
import { AZURE_LISTING_API } from './azure/product-listing.port';
import { SAAS_FULFILLMENT_API } from './azure/saas-fulfillment.port';
import { MarketplaceModule } from './marketplace.module';

/** A feature module of an app: it injects ports and imports nothing of the marketplace. */
@Injectable()
class MeteringFeature {
  constructor(
    @Inject(AWS_METER) readonly aws: MarketplaceMeter,
    @Inject(AZURE_METER) readonly azure: MarketplaceMeter,
  ) {}
}

@Module({ providers: [MeteringFeature] })
class FeatureModule {}

describe('the marketplace module', () => {
  let app: INestApplicationContext;

  beforeAll(async () => {
    const root = { module: class AppRoot {}, imports: [ConfigModule.forRoot(loadConfig()), MarketplaceModule, FeatureModule] };
    app = await NestFactory.createApplicationContext(root, { logger: false });
  });

  afterAll(() => app.close());

  it('provides every port with the client of its cloud', () => {
    const expected: [symbol, abstract new (...args: never[]) => unknown][] = [
      [AGREEMENT_SOURCE, AwsAgreementSource],
      [CATALOG_API, AwsCatalogApi],
      [CO_SELL_API, AwsPartnerCentralCoSell],
      [CUSTOMER_RESOLVER, AwsCustomerResolver],
      [DATA_FEED_BUCKET, S3DataFeedClient],
      [AWS_METER, AwsMeteringClient],
      [METERING_CLOCK, ConfiguredMeteringClock],
      [AZURE_METER, AzureMeteringClient],
      [AZURE_CHANGE_SET_API, AzureProductIngestionClient],
      [AZURE_LISTING_API, AzureProductListingClient],
      [SAAS_FULFILLMENT_API, AzureFulfillmentClient],
      [MARKETPLACE_ORDERING_API, AzureMarketplaceOrderingClient],
    ];
    for (const [token, client] of expected) expect([token.description, app.get(token)]).toEqual([token.description, expect.any(client)]);
  });

  it('is global: a feature module injects ports without importing it, and gets the one instance of each', () => {
    const feature = app.get(MeteringFeature);
    expect(feature.aws).toBe(app.get(AWS_METER));
    expect(feature.azure).toBe(app.get(AZURE_METER));
  });
});
