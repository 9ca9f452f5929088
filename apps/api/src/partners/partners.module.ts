import { Module } from '@nestjs/common';
import { PartnerHealthRepository } from './partner-health.repository';
import { PartnerHealthService } from './partner-health.service';
import { PartnerRepository } from './partner.repository';
import { PartnersController } from './partners.controller';

@Module({
  controllers: [PartnersController],
  providers: [PartnerRepository, PartnerHealthRepository, PartnerHealthService],
  exports: [PartnerRepository],
})
export class PartnersModule {}
