import { Module } from '@nestjs/common';
import { OfferRepository } from './offer.repository';
import { OfferService } from './offer.service';
import { OffersController } from './offers.controller';
import { ResaleAuthorizationService } from './resale-authorization.service';
import { ResaleAuthorizationsController } from './resale-authorizations.controller';

@Module({ controllers: [OffersController, ResaleAuthorizationsController], providers: [OfferRepository, OfferService, ResaleAuthorizationService] })
export class OffersModule {}
