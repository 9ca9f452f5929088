import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnJob, type JobData } from '@bridge/queues';
import { OfferEventService } from './offer-event.service';

/** Thin: jobs in, service calls out. */
@Controller()
export class OfferEventProcessor {
  constructor(private readonly offers: OfferEventService) {}

  @OnJob('offers.marketplace-event')
  received(@Payload() data: JobData<'offers.marketplace-event'>): Promise<void> {
    return this.offers.handle(data.eventId);
  }

  @OnJob('offer.link-opportunity')
  linkOpportunity(@Payload() data: JobData<'offer.link-opportunity'>): Promise<void> {
    return this.offers.linkOpportunity(data.offerId, data.opportunityId, data.actor);
  }
}
