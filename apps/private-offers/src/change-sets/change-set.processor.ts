import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnJob, type JobData } from '@bridge/queues';
import { ChangeSetService } from './change-set.service';

/** Thin: jobs in, service calls out. */
@Controller()
export class ChangeSetProcessor {
  constructor(private readonly changeSets: ChangeSetService) {}

  @OnJob('catalog-change.submit')
  submit(@Payload() data: JobData<'catalog-change.submit'>): Promise<void> {
    return this.changeSets.submit(data.changeSetId);
  }

  @OnJob('catalog-change.follow')
  follow(@Payload() data: JobData<'catalog-change.follow'>): Promise<void> {
    return this.changeSets.follow(data.changeSetId, { pollAgain: true });
  }

  @OnJob('catalog-change.sweep')
  sweep(@Payload() data: JobData<'catalog-change.sweep'>): Promise<void> {
    return this.changeSets.sweep(data.olderThanMs);
  }
}
