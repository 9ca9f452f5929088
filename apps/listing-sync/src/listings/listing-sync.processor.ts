import { Injectable } from '@nestjs/common';
import { OnJob, type JobData } from '@bridge/queues';
import { AzureListingImportService } from './azure-listing-import.service';
import { CatalogImportService } from './catalog-import.service';

/** Thin: jobs in, service calls out. */
@Injectable()
export class ListingSyncProcessor {
  constructor(
    private readonly catalog: CatalogImportService,
    private readonly azure: AzureListingImportService,
  ) {}

  @OnJob('listing.sync')
  async sync(data: JobData<'listing.sync'>): Promise<void> {
    if (data.cloud === 'AZURE') await this.azure.sync();
    else await this.catalog.sync(data.full);
  }

  @OnJob('listing.push')
  push(data: JobData<'listing.push'>): Promise<void> {
    return this.catalog.push(data.listingId, data.actor);
  }

  @OnJob('listing.change-set-finished')
  finished(data: JobData<'listing.change-set-finished'>): Promise<void> {
    return this.catalog.pushFinished(data.listingId, data.changeSetId);
  }
}
