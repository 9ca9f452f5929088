import { Module } from '@nestjs/common';
import { AgreementControlController } from './agreement/agreement-control.controller';
import { AgreementEventsPublisher } from './agreement/agreement-events.publisher';
import { AgreementOperations } from './agreement/agreement.operations';
import { AgreementService } from './agreement/agreement.service';
import { AgreementStore } from './agreement/agreement.store';
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
import { RegistrationTokenStore } from './metering/registration-token.store';
import { AwsJsonController } from './protocol/aws-json.controller';

/**
 * The AWS Marketplace APIs. One module because they share state the way the
 * real services do: agreements create licences that metering and
 * entitlements read, and the catalog's products give codes and dimensions.
 */
@Module({
  controllers: [AwsJsonController, CatalogController, AgreementControlController, MeteringControlController, CatalogControlController],
  providers: [
    CatalogEntityStore,
    CatalogEventsPublisher,
    ChangeSetService,
    LicenseStore,
    AgreementStore,
    AgreementEventsPublisher,
    AgreementService,
    AgreementOperations,
    RegistrationTokenStore,
    MeteringService,
    MeteringOperations,
    EntitlementOperations,
  ],
})
export class AwsModule {}
