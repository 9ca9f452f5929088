import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';

/** private offers, resale authorizations and channel offers, with their change sets. */
@Module({})
export class PrivateOffersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PrivateOffersModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueuesModule, QueueWorkersModule.forQueues([{ queue: QueueName.PrivateOffers, concurrency: 8 }])],
    };
  }
}
