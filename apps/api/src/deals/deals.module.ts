import { Module } from '@nestjs/common';
import { DealRegistrationService } from './deal-registration.service';
import { DealsController } from './deals.controller';
import { MarketplaceTermsController } from './marketplace-terms.controller';
import { MarketplaceTermsRepository } from './marketplace-terms.repository';
import { MarketplaceTermsService } from './marketplace-terms.service';

@Module({
  controllers: [DealsController, MarketplaceTermsController],
  providers: [DealRegistrationService, MarketplaceTermsService, MarketplaceTermsRepository],
})
export class DealsModule {}
