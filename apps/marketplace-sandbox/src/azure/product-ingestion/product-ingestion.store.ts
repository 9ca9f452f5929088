import { Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import type { ConfigureJob, PrivateOfferRecord } from './product-ingestion.types';

/** Private offers and configure jobs of the Product Ingestion API. */
@Injectable()
export class ProductIngestionStore implements ResettableState {
  private offers = new Map<string, PrivateOfferRecord>();
  private jobs = new Map<string, ConfigureJob>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  saveOffer(offer: PrivateOfferRecord): void {
    this.offers.set(offer.id, offer);
  }

  offer(id: string): PrivateOfferRecord | undefined {
    return this.offers.get(id);
  }

  allOffers(): PrivateOfferRecord[] {
    return [...this.offers.values()];
  }

  saveJob(job: ConfigureJob): void {
    this.jobs.set(job.jobId, job);
  }

  job(id: string): ConfigureJob | undefined {
    return this.jobs.get(id);
  }

  jobCount(): number {
    return this.jobs.size;
  }

  reset(): void {
    this.offers = new Map();
    this.jobs = new Map();
  }
}
