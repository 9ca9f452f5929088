import { Module } from '@nestjs/common';
import { AgreementItemsRejudgeService } from './agreement-items-rejudge.service';
import { StagedFeedRepository } from './staged-feed.repository';
import { BillingFeedIntakeRepository } from './billing-feed-intake.repository';
import { DeliveredFeedObjectRepository } from './delivered-feed-object.repository';
import { DeliveredFeedPollService } from './delivered-feed-poll.service';
import { FeedIntakeService } from './feed-intake.service';
import { InstalmentRejudgeService } from './instalment-rejudge.service';
import { ItemMatchService } from './item-match.service';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { ReconciliationImportService } from './reconciliation-import.service';
import { UnmatchedRejudgeService } from './unmatched-rejudge.service';

/**
 * The reconciliation engine: feed intake (COPY, check, store) and matching.
 * Used by the attribution worker (matching jobs), the API (uploads) and the
 * import CLI; needs the global config module, and the queue producer's
 * module wherever imports are queued (the API), and the process's pg pool
 * (PostgresModule, which DatabaseModule brings).
 */
@Module({
  providers: [
    BillingFeedIntakeRepository,
    StagedFeedRepository,
    ReconciliationImportRepository,
    FeedIntakeService,
    ItemMatchService,
    ReconciliationImportService,
    InstalmentRejudgeService,
    UnmatchedRejudgeService,
    AgreementItemsRejudgeService,
    DeliveredFeedObjectRepository,
    DeliveredFeedPollService,
  ],
  exports: [
    ReconciliationImportService,
    ReconciliationImportRepository,
    ItemMatchService,
    InstalmentRejudgeService,
    UnmatchedRejudgeService,
    AgreementItemsRejudgeService,
    DeliveredFeedObjectRepository,
    DeliveredFeedPollService,
  ],
})
export class ReconciliationModule {}
