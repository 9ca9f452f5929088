import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';

/** listings in and out of each marketplace's catalog. */
@Module({})
export class ListingSyncModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ListingSyncModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueuesModule, QueueWorkersModule.forQueues([{ queue: QueueName.ListingSync, concurrency: 8 }])],
    };
  }
}
