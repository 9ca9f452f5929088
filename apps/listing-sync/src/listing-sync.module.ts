import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { MarketplaceModule } from '@bridge/marketplace';
import { listingSyncRepeatingJobs } from './listing-sync.repeating-jobs';
import { QueueName, QueuesModule, QueueWorkersModule } from '@bridge/queues';
import { AzureListingImportService } from './listings/azure-listing-import.service';
import { CatalogImportService } from './listings/catalog-import.service';
import { ListingCatalogRepository } from './listings/listing-catalog.repository';
import { ListingSyncProcessor } from './listings/listing-sync.processor';

/** listings in and out of each marketplace's catalog. */
@Module({})
export class ListingSyncModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ListingSyncModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueuesModule,
        MarketplaceModule,
        // One sync at a time is enough and keeps within the catalog's call rate.
        QueueWorkersModule.forQueues([{ queue: QueueName.ListingSync, concurrency: 1 }], listingSyncRepeatingJobs(config)),
      ],
      // Processors are the worker's controllers: the BullMQ transport finds their @OnJob handlers.
      controllers: [ListingSyncProcessor],
      providers: [ListingCatalogRepository, CatalogImportService, AzureListingImportService],
    };
  }
}
