import { Module } from '@nestjs/common';
import { PartnerHealthRepository } from './partner-health.repository';
import { PartnerHealthService } from './partner-health.service';
import { PartnerRepository } from './partner.repository';
import { PartnerListRepository } from './partner-list.repository';
import { PartnersController } from './partners.controller';
import { PartnerProfileController } from './partner-profile.controller';
import { PartnerProfileRepository } from './partner-profile.repository';

@Module({
  controllers: [PartnersController, PartnerProfileController],
  providers: [PartnerRepository, PartnerListRepository, PartnerHealthRepository, PartnerHealthService, PartnerProfileRepository],
  exports: [PartnerRepository],
})
export class PartnersModule {}
