import { Module } from '@nestjs/common';
import { EntraCertificateService } from './entra/entra-certificate.service';
import { EntraController } from './entra/entra.controller';
import { EntraTokenStore } from './entra/entra-token.store';
import { AzureControlController } from './fulfillment/azure-control.controller';
import { AzureSubscriptionStore } from './fulfillment/azure-subscription.store';
import { FulfillmentController } from './fulfillment/fulfillment.controller';
import { FulfillmentService } from './fulfillment/fulfillment.service';
import { MarketplaceOrderingController } from './marketplace-ordering/marketplace-ordering.controller';
import { MarketplaceTermsStore } from './marketplace-ordering/marketplace-terms.store';
import { AzureMeteringController } from './metering/azure-metering.controller';
import { AzureMeteringService } from './metering/azure-metering.service';
import { AzureWebhookPublisher } from './webhooks/azure-webhook.publisher';
import { JwksController } from './webhooks/jwks.controller';

/** The Azure commercial marketplace: SaaS fulfillment v2, metering, the publisher webhook, Marketplace Ordering's terms, and Entra ID's token endpoint. */
@Module({
  controllers: [
    FulfillmentController,
    AzureMeteringController,
    AzureControlController,
    JwksController,
    EntraController,
    MarketplaceOrderingController,
  ],
  providers: [
    AzureSubscriptionStore,
    FulfillmentService,
    AzureMeteringService,
    AzureWebhookPublisher,
    EntraTokenStore,
    EntraCertificateService,
    MarketplaceTermsStore,
  ],
  exports: [EntraCertificateService],
})
export class AzureModule {}
