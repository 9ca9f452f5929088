import { Injectable } from '@nestjs/common';
import { OnJob, type JobData } from '@bridge/queues';
import { UsageRevenueService } from './usage-revenue.service';

/** Thin: a batch of metered revenue in, partner credit out. */
@Injectable()
export class UsageRevenueProcessor {
  constructor(private readonly usageRevenue: UsageRevenueService) {}

  @OnJob('usage-revenue.recorded')
  async recorded(data: JobData<'usage-revenue.recorded'>): Promise<void> {
    await this.usageRevenue.credit(data.batchId, data.events);
  }
}
