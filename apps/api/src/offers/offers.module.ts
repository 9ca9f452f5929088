import { Module } from '@nestjs/common';
import { OfferRepository } from './offer.repository';
import { OfferListRepository } from './offer-list.repository';
import { OfferService } from './offer.service';
import { OffersController } from './offers.controller';
import { ReplacementOfferService } from './replacement-offer.service';
import { ReplacementOffersController } from './replacement-offers.controller';
import { ResaleAuthorizationService } from './resale-authorization.service';
import { ResaleAuthorizationsController } from './resale-authorizations.controller';

@Module({
  controllers: [OffersController, ResaleAuthorizationsController, ReplacementOffersController],
  providers: [OfferRepository, OfferListRepository, OfferService, ResaleAuthorizationService, ReplacementOfferService],
})
export class OffersModule {}
