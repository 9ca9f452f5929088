import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { MarketplaceModule } from '@bridge/marketplace';
import { QueuesModule } from '@bridge/queues';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { CustomersModule } from './customers/customers.module';
import { CustomerSuccessModule } from './customer-success/customer-success.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DealsModule } from './deals/deals.module';
import { DecisionsModule } from './decisions/decisions.module';
import { EngagementModule } from './engagement/engagement.module';
import { HealthController } from './health/health.controller';
import { ListingsModule } from './listings/listings.module';
import { MdfModule } from './mdf/mdf.module';
import { OffersModule } from './offers/offers.module';
import { OpsModule } from './ops/ops.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { PartnersModule } from './partners/partners.module';
import { ReconciliationApiModule } from './reconciliation/reconciliation-api.module';
import { RootController } from './root/root.controller';
import { RevenueEventsModule } from './revenue-events/revenue-events.module';
import { UsageModule } from './usage/usage.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { MarketplaceMessagesModule } from './marketplace-messages/marketplace-messages.module';
import { SaasRegistrationModule } from './saas-registration/saas-registration.module';
import { AzureLandingModule } from './azure-landing/azure-landing.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        MarketplaceModule,
        AuditModule,
        AuthModule,
        WebhooksModule,
        MarketplaceMessagesModule,
        SaasRegistrationModule,
        AzureLandingModule,
        PartnersModule,
        CustomersModule,
        CustomerSuccessModule,
        ReconciliationApiModule,
        DealsModule,
        DecisionsModule,
        EngagementModule,
        CommitmentsModule,
        RevenueEventsModule,
        UsageModule,
        OffersModule,
        ListingsModule,
        MdfModule,
        DashboardModule,
        OpsModule,
      ],
      controllers: [RootController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
