import { Module } from '@nestjs/common';
import { DealRegistrationService } from './deal-registration.service';
import { DealsController } from './deals.controller';

@Module({ controllers: [DealsController], providers: [DealRegistrationService] })
export class DealsModule {}
