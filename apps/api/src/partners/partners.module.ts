import { Module } from '@nestjs/common';
import { PartnerRepository } from './partner.repository';
import { PartnersController } from './partners.controller';

@Module({ controllers: [PartnersController], providers: [PartnerRepository] })
export class PartnersModule {}
