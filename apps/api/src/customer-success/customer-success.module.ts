import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { AccountFactsRepository } from './account-facts.repository';
import { AccountHealthService } from './account-health.service';
import { CustomerSuccessController } from './customer-success.controller';

@Module({
  imports: [PartnersModule],
  controllers: [CustomerSuccessController],
  providers: [AccountFactsRepository, AccountHealthService],
  exports: [AccountHealthService],
})
export class CustomerSuccessModule {}
