import { Injectable } from '@nestjs/common';
import { OnJob, type JobData } from '@bridge/queues';
import { ItemMatchService } from './item-match.service';

/** Thin: the job names an import whose rows are stored; matching does the rest. */
@Injectable()
export class ReconciliationProcessor {
  constructor(private readonly matcher: ItemMatchService) {}

  @OnJob('reconciliation.import-stored')
  async importStored(data: JobData<'reconciliation.import-stored'>): Promise<void> {
    await this.matcher.match(data.importId);
  }
}
