import { Module } from '@nestjs/common';
import { DealRegistrationService } from './deal-registration.service';
import { DealsController } from './deals.controller';
import { DealListRepository } from './deal-list.repository';
import { MarketplaceTermsController } from './marketplace-terms.controller';
import { MarketplaceTermsRepository } from './marketplace-terms.repository';
import { MarketplaceTermsService } from './marketplace-terms.service';

@Module({
  controllers: [DealsController, MarketplaceTermsController],
  providers: [DealRegistrationService, DealListRepository, MarketplaceTermsService, MarketplaceTermsRepository],
})
export class DealsModule {}
