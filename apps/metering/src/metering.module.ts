import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';

/** usage in, aggregated per customer, dimension and hour, billed exactly once. */
@Module({})
export class MeteringModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MeteringModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueuesModule, QueueWorkersModule.forQueues([{ queue: QueueName.Metering, concurrency: 8 }])],
    };
  }
}
