import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { UsageSubscriptionRepository } from '../usage/usage-subscription.repository';
import { SaasRegistrationController } from './saas-registration.controller';

@Module({ controllers: [SaasRegistrationController], providers: [UsageSubscriptionRepository] })
export class SaasRegistrationModule implements NestModule {
  /** The buyer's browser posts a form (application/x-www-form-urlencoded); the API's own parser is JSON only. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '8kb' }))
      .forRoutes({ path: 'marketplace/aws/register', method: RequestMethod.POST });
  }
}
