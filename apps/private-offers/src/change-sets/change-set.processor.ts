import { Injectable } from '@nestjs/common';
import { OnJob, type JobData } from '@bridge/queues';
import { ChangeSetService } from './change-set.service';

/** Thin: jobs in, service calls out. */
@Injectable()
export class ChangeSetProcessor {
  constructor(private readonly changeSets: ChangeSetService) {}

  @OnJob('catalog-change.submit')
  submit(data: JobData<'catalog-change.submit'>): Promise<void> {
    return this.changeSets.submit(data.changeSetId);
  }

  @OnJob('catalog-change.follow')
  follow(data: JobData<'catalog-change.follow'>): Promise<void> {
    return this.changeSets.follow(data.changeSetId, { pollAgain: true });
  }

  @OnJob('catalog-change.sweep')
  sweep(data: JobData<'catalog-change.sweep'>): Promise<void> {
    return this.changeSets.sweep(data.olderThanMs);
  }
}
