import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { MarketplaceModule } from '@bridge/marketplace';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';
import { AgreementCreditRepository } from './agreements/agreement-credit.repository';
import { AgreementCreditService } from './agreements/agreement-credit.service';
import { MarketplaceEventSweepScheduler } from './marketplace-events/marketplace-event-sweep.scheduler';
import { MarketplaceEventProcessor } from './marketplace-events/marketplace-event.processor';

@Module({})
export class AttributionBridgeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AttributionBridgeModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        MarketplaceModule,
        QueueWorkersModule.forQueues([{ queue: QueueName.Attribution, concurrency: 16 }]),
      ],
      providers: [AgreementCreditRepository, AgreementCreditService, MarketplaceEventProcessor, MarketplaceEventSweepScheduler],
    };
  }
}
