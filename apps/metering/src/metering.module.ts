import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { MarketplaceModule } from '@bridge/marketplace';
import { meteringRepeatingJobs } from './metering.repeating-jobs';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';
import { MeteringTickService } from './hours/metering-tick.service';
import { UsageHourRepository } from './hours/usage-hour.repository';
import { MeteringProcessor } from './metering.processor';
import { UsageRevenuePublisher } from './revenue/usage-revenue.publisher';
import { MeteringPacers } from './submission/metering-pacers';
import { MeteringSubmitter } from './submission/metering-submitter.service';

/** usage in, aggregated per customer, dimension and hour, billed exactly once. */
@Module({})
export class MeteringModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MeteringModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        MarketplaceModule,
        QueueWorkersModule.forQueues([{ queue: QueueName.Metering, concurrency: 4 }], meteringRepeatingJobs(config)),
      ],
      // Processors are the worker's controllers: the BullMQ transport finds their @OnJob handlers.
      controllers: [MeteringProcessor],
      providers: [UsageHourRepository, MeteringPacers, MeteringSubmitter, UsageRevenuePublisher, MeteringTickService],
    };
  }
}
