import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { MarketplaceModule } from '@bridge/marketplace';
import { privateOffersRepeatingJobs } from './private-offers.repeating-jobs';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';
import { ChangeSetProcessor } from './change-sets/change-set.processor';
import { ChangeSetRepository } from './change-sets/change-set.repository';
import { ChangeSetService } from './change-sets/change-set.service';
import { OfferEventProcessor } from './offers/offer-event.processor';
import { OfferEventService } from './offers/offer-event.service';
import { OfferOutcomeRepository } from './offers/offer-outcome.repository';

/**
 * Private offers, resale authorizations and channel offers, with their
 * change sets. The API records what to send; this worker sends it to the
 * catalog (every catalog write of the product goes through here), follows
 * it to its end and records what the marketplace says.
 */
@Module({})
export class PrivateOffersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PrivateOffersModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        MarketplaceModule,
        QueueWorkersModule.forQueues([{ queue: QueueName.PrivateOffers, concurrency: 8 }], privateOffersRepeatingJobs(config)),
      ],
      // Processors are the worker's controllers: the BullMQ transport finds their @OnJob handlers.
      controllers: [ChangeSetProcessor, OfferEventProcessor],
      providers: [ChangeSetRepository, ChangeSetService, OfferOutcomeRepository, OfferEventService],
    };
  }
}
