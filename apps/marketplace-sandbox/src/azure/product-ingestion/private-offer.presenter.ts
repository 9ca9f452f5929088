import { SCHEMAS } from './private-offer-configure.service';
import type { ConfigureJob, PrivateOfferRecord } from './product-ingestion.types';

/** configure-status, as "Job status and retrieve private offer detail via API" shows it. */
export function presentJob(job: ConfigureJob, baseUrl: string) {
  return {
    $schema: SCHEMAS.configureStatus,
    jobId: job.jobId,
    jobStatus: job.jobStatus,
    jobResult: job.jobResult,
    jobStart: job.jobStart,
    jobEnd: job.jobEnd,
    ...(job.jobResult === 'succeeded' && job.privateOfferId ? { resourceUri: `${baseUrl}/configure/${job.jobId}` } : {}),
    errors: job.errors,
  };
}

/** A private offer's full details (same page); a multiparty offer shows its prices as originatorPricing, with the partner's markup. */
export function presentPrivateOffer(offer: PrivateOfferRecord) {
  const multiparty = offer.privateOfferType === 'multipartyPromotionOriginator';
  const pricing = offer.pricing.map((p) => ({
    product: p.product,
    plan: p.plan,
    discountType: p.discountType,
    ...(p.markupPercentage === undefined ? {} : { markupPercentage: p.markupPercentage }),
  }));
  return {
    id: offer.id,
    name: offer.name,
    privateOfferType: offer.privateOfferType,
    offerPricingType: offer.offerPricingType,
    variableStartDate: offer.variableStartDate,
    end: offer.end,
    acceptBy: offer.acceptBy,
    notificationContacts: offer.notificationContacts,
    state: offer.state,
    ...(offer.preparedBy ? { preparedBy: offer.preparedBy } : {}),
    beneficiaries: offer.beneficiaries,
    ...(multiparty ? { partners: offer.partners, originatorPricing: pricing } : { pricing }),
    lastModified: offer.lastModified,
    eTag: `"${offer.lastModified}-${offer.id.slice(-8)}"`,
    $schema: SCHEMAS.privateOffer,
  };
}
