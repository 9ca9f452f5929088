import { Module } from '@nestjs/common';
import { AzureControlController } from './fulfillment/azure-control.controller';
import { AzureSubscriptionStore } from './fulfillment/azure-subscription.store';
import { FulfillmentController } from './fulfillment/fulfillment.controller';
import { FulfillmentService } from './fulfillment/fulfillment.service';
import { AzureMeteringController } from './metering/azure-metering.controller';
import { AzureMeteringService } from './metering/azure-metering.service';
import { AzureWebhookPublisher } from './webhooks/azure-webhook.publisher';
import { JwksController } from './webhooks/jwks.controller';

/** The Azure commercial marketplace: SaaS fulfillment v2, metering and the publisher webhook. */
@Module({
  controllers: [FulfillmentController, AzureMeteringController, AzureControlController, JwksController],
  providers: [AzureSubscriptionStore, FulfillmentService, AzureMeteringService, AzureWebhookPublisher],
})
export class AzureModule {}
