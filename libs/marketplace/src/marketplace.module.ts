import { Global, Module } from '@nestjs/common';
import { AGREEMENT_SOURCE } from './agreement.port';
import { AwsAgreementSource } from './aws/aws-agreement.source';
import { AwsCatalogApi } from './aws/catalog.client';
import { CATALOG_API } from './aws/catalog.port';
import { AwsPartnerCentralCoSell } from './aws/partner-central.client';
import { CO_SELL_API } from './aws/partner-central.port';
import { S3DataFeedClient } from './aws/s3-data-feed.client';

/** The clouds behind one port each; the sandbox or the real endpoints, by configuration. */
@Global()
@Module({
  providers: [
    { provide: AGREEMENT_SOURCE, useClass: AwsAgreementSource },
    { provide: CATALOG_API, useClass: AwsCatalogApi },
    { provide: CO_SELL_API, useClass: AwsPartnerCentralCoSell },
    S3DataFeedClient,
  ],
  exports: [AGREEMENT_SOURCE, CATALOG_API, CO_SELL_API, S3DataFeedClient],
})
export class MarketplaceModule {}
