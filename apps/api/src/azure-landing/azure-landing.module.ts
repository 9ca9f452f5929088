import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { AzureLandingController } from './azure-landing.controller';
import { AzureOnboardingRepository } from './azure-onboarding.repository';
import { AzureOnboardingService } from './azure-onboarding.service';

@Module({
  controllers: [AzureLandingController],
  providers: [AzureOnboardingService, AzureOnboardingRepository],
})
export class AzureLandingModule implements NestModule {
  /** The confirmation is a browser form (application/x-www-form-urlencoded); the API's own parser is JSON only. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '16kb' }))
      .forRoutes({ path: 'marketplace/azure/landing', method: RequestMethod.POST });
  }
}
