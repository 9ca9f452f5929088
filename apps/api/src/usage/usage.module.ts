import { Module } from '@nestjs/common';
import { UsageIngestRepository } from './usage-ingest.repository';
import { UsageIngestService } from './usage-ingest.service';
import { UsageSubscriptionRepository } from './usage-subscription.repository';
import { UsageViewRepository } from './usage-view.repository';
import { UsageViewService } from './usage-view.service';
import { UsageController } from './usage.controller';

@Module({
  controllers: [UsageController],
  providers: [UsageIngestRepository, UsageIngestService, UsageSubscriptionRepository, UsageViewRepository, UsageViewService],
  exports: [UsageViewService],
})
export class UsageModule {}
