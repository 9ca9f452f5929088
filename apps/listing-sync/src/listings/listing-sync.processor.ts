import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnJob, type JobData } from '@bridge/queues';
import { AzureListingImportService } from './azure-listing-import.service';
import { CatalogImportService } from './catalog-import.service';

/** Thin: jobs in, service calls out. */
@Controller()
export class ListingSyncProcessor {
  constructor(
    private readonly catalog: CatalogImportService,
    private readonly azure: AzureListingImportService,
  ) {}

  @OnJob('listing.sync')
  async sync(@Payload() data: JobData<'listing.sync'>): Promise<void> {
    if (data.cloud === 'AZURE') await this.azure.sync();
    else await this.catalog.sync(data.full);
  }

  @OnJob('listing.push')
  push(@Payload() data: JobData<'listing.push'>): Promise<void> {
    return this.catalog.push(data.listingId, data.actor);
  }

  @OnJob('listing.change-set-finished')
  finished(@Payload() data: JobData<'listing.change-set-finished'>): Promise<void> {
    return this.catalog.pushFinished(data.listingId, data.changeSetId);
  }
}
