import { Injectable } from '@nestjs/common';
import { OnJob, type JobData } from '@bridge/queues';
import { OfferEventService } from './offer-event.service';

/** Thin: jobs in, service calls out. */
@Injectable()
export class OfferEventProcessor {
  constructor(private readonly offers: OfferEventService) {}

  @OnJob('offers.marketplace-event')
  received(data: JobData<'offers.marketplace-event'>): Promise<void> {
    return this.offers.handle(data.eventId);
  }

  @OnJob('offer.link-opportunity')
  linkOpportunity(data: JobData<'offer.link-opportunity'>): Promise<void> {
    return this.offers.linkOpportunity(data.offerId, data.opportunityId, data.actor);
  }
}
