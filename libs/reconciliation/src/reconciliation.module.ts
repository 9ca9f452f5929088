import { Module } from '@nestjs/common';
import { AwsStagedFeedRepository } from './aws-staged-feed.repository';
import { BillingFeedIntakeRepository } from './billing-feed-intake.repository';
import { FeedIntakeService } from './feed-intake.service';
import { InstalmentRejudgeService } from './instalment-rejudge.service';
import { ItemMatchService } from './item-match.service';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { ReconciliationImportService } from './reconciliation-import.service';
import { ReconciliationPgPool } from './reconciliation-pg.pool';

/**
 * The reconciliation engine: feed intake (COPY, check, store) and matching.
 * Used by the attribution worker (matching jobs), the API (uploads) and the
 * import CLI; needs the global config module, and the queue producer's
 * module wherever imports are queued (the API).
 */
@Module({
  providers: [
    ReconciliationPgPool,
    BillingFeedIntakeRepository,
    AwsStagedFeedRepository,
    ReconciliationImportRepository,
    FeedIntakeService,
    ItemMatchService,
    ReconciliationImportService,
    InstalmentRejudgeService,
  ],
  exports: [ReconciliationImportService, ReconciliationImportRepository, ItemMatchService, ReconciliationPgPool, InstalmentRejudgeService],
})
export class ReconciliationModule {}
