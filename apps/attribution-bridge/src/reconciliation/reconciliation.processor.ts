import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { JobProducer, OnJob, type JobData } from '@bridge/queues';
import { AgreementItemsRejudgeService } from '@bridge/reconciliation';
import { InstalmentRejudgeService } from '@bridge/reconciliation';
import { ItemMatchService } from '@bridge/reconciliation';
import { ReconciliationImportRepository } from '@bridge/reconciliation';
import { UnmatchedRejudgeService } from '@bridge/reconciliation';

/** Thin: the job names an import whose rows are stored; matching does the rest. */
@Controller()
export class ReconciliationProcessor {
  constructor(
    private readonly matcher: ItemMatchService,
    private readonly imports: ReconciliationImportRepository,
    private readonly jobs: JobProducer,
    private readonly instalments: InstalmentRejudgeService,
    private readonly unmatched: UnmatchedRejudgeService,
    private readonly agreementItems: AgreementItemsRejudgeService,
  ) {}

  @OnJob('reconciliation.import-stored')
  async importStored(@Payload() data: JobData<'reconciliation.import-stored'>): Promise<void> {
    await this.matcher.match(data.importId);
  }

  /**
   * An agreement was recorded or changed, or its offer linked: the UNMATCHED
   * items it would match are judged again, then every item matched to it.
   */
  @OnJob('reconciliation.agreement-recorded')
  async agreementRecorded(@Payload() data: JobData<'reconciliation.agreement-recorded'>): Promise<void> {
    await this.unmatched.judgeForAgreement(data.agreementId);
    await this.agreementItems.judgeItemsOf(data.agreementId);
  }

  /**
   * Matching is a recomputation, and its job id is the import's: re-queueing
   * one still queued is dropped. The same sweep judges again the items whose
   * next instalment has come due, and the items an agreement written since
   * may match (should that agreement's job have been lost).
   */
  @OnJob('reconciliation.match-sweep')
  async sweep(@Payload() data: JobData<'reconciliation.match-sweep'>): Promise<void> {
    const waiting = await this.imports.waitingForMatch(data.olderThanMs);
    await this.jobs.requeueMany(
      'reconciliation.import-stored',
      waiting.map((importId) => ({ importId })),
    );
    await this.instalments.judgeDueItems();
    await this.unmatched.judgeSinceLastAgreement();
  }
}
