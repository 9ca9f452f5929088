import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnJob, type JobData } from '@bridge/queues';
import { UsageRevenueService } from './usage-revenue.service';

/** Thin: a batch of metered revenue in, partner credit out. */
@Controller()
export class UsageRevenueProcessor {
  constructor(private readonly usageRevenue: UsageRevenueService) {}

  @OnJob('usage-revenue.recorded')
  async recorded(@Payload() data: JobData<'usage-revenue.recorded'>): Promise<void> {
    await this.usageRevenue.credit(data.batchId, data.events);
  }
}
