import { Module } from '@nestjs/common';
import { ListingRepository } from './listing.repository';
import { ListingsController } from './listings.controller';

@Module({ controllers: [ListingsController], providers: [ListingRepository] })
export class ListingsModule {}
