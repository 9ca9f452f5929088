import { Module } from '@nestjs/common';
import { AgreementControlController } from './agreement/agreement-control.controller';
import { AgreementEventsPublisher } from './agreement/agreement-events.publisher';
import { AgreementOperations } from './agreement/agreement.operations';
import { AgreementService } from './agreement/agreement.service';
import { AgreementStore } from './agreement/agreement.store';
import { FinalUsageHourWatcher } from './agreement/final-usage-hour.watcher';
import { CatalogControlController } from './catalog/catalog-control.controller';
import { CatalogEntityStore } from './catalog/catalog-entity.store';
import { CatalogEventsPublisher } from './catalog/catalog-events.publisher';
import { CatalogController } from './catalog/catalog.controller';
import { ChangeSetService } from './catalog/change-set.service';
import { EntitlementOperations } from './entitlement/entitlement.operations';
import { LicenseStore } from './entitlement/license.store';
import { MeteringControlController } from './metering/metering-control.controller';
import { MeteringOperations } from './metering/metering.operations';
import { MeteringService } from './metering/metering.service';
import { RegistrationTokenControlController } from './metering/registration-token-control.controller';
import { RegistrationTokenStore } from './metering/registration-token.store';
import { ResolveCustomerOperation } from './metering/resolve-customer.operation';
import { AwsJsonController } from './protocol/aws-json.controller';
import { BillingControlController } from './data-feeds/billing-control.controller';
import { BillingEventFeedWriter } from './data-feeds/billing-event-feed.writer';
import { MarketplaceBillingService } from './data-feeds/marketplace-billing.service';
import { S3BucketController } from './data-feeds/s3-bucket.controller';
import { SellerBucketStore } from './data-feeds/seller-bucket.store';

/**
 * The AWS Marketplace APIs. One module because they share state the way the
 * real services do: agreements create licences that metering and
 * entitlements read, and the catalog's products give codes and dimensions.
 */
@Module({
  controllers: [
    AwsJsonController,
    CatalogController,
    AgreementControlController,
    MeteringControlController,
    RegistrationTokenControlController,
    CatalogControlController,
    S3BucketController,
    BillingControlController,
  ],
  providers: [
    CatalogEntityStore,
    CatalogEventsPublisher,
    ChangeSetService,
    LicenseStore,
    AgreementStore,
    AgreementEventsPublisher,
    AgreementService,
    FinalUsageHourWatcher,
    AgreementOperations,
    RegistrationTokenStore,
    MeteringService,
    ResolveCustomerOperation,
    MeteringOperations,
    EntitlementOperations,
    SellerBucketStore,
    BillingEventFeedWriter,
    MarketplaceBillingService,
  ],
})
export class AwsModule {}
