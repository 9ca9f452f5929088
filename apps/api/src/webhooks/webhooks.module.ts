import { Module } from '@nestjs/common';
import { UsageSubscriptionRepository } from '../usage/usage-subscription.repository';
import { AwsEventIntakeService } from './aws-event-intake.service';
import { AwsEventBridgeController } from './aws-eventbridge.controller';
import { AwsSnsController } from './aws-sns.controller';
import { AzureWebhookTokenGuard } from './azure-webhook-token.guard';
import { AzureWebhookTokenVerifier } from './azure-webhook-token.verifier';
import { AzureWebhookController } from './azure-webhook.controller';
import { AzureWebhookService } from './azure-webhook.service';
import { EventBridgeSecretGuard } from './eventbridge-secret.guard';
import { SigningCertificateCache } from './signing-certificate.cache';
import { SnsMessageVerifier } from './sns-message.verifier';
import { SnsNotificationService } from './sns-notification.service';
import { SnsSubscriptionConfirmer } from './sns-subscription.confirmer';

/** The marketplaces' calls into the product: each proves who sent it before anything is stored. */
@Module({
  controllers: [AwsEventBridgeController, AwsSnsController, AzureWebhookController],
  providers: [
    AwsEventIntakeService,
    AzureWebhookService,
    AzureWebhookTokenGuard,
    AzureWebhookTokenVerifier,
    EventBridgeSecretGuard,
    SigningCertificateCache,
    SnsMessageVerifier,
    SnsNotificationService,
    SnsSubscriptionConfirmer,
    // Stateless; provided here too so a licence can register metering without a module cycle.
    UsageSubscriptionRepository,
  ],
  exports: [AwsEventIntakeService, AzureWebhookService],
})
export class WebhooksModule {}
