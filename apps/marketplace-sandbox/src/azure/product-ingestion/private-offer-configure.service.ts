import { HttpException, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ClockService } from '../../clock/clock.service';
import { uuid } from '../../core/random-id.generator';
import { azureError } from '../azure-request.guard';
import { AzureSubscriptionStore } from '../fulfillment/azure-subscription.store';
import { ProductIngestionStore } from './product-ingestion.store';
import type { ConfigureJob, PrivateOfferRecord } from './product-ingestion.types';

export const SCHEMAS = {
  configure: 'https://schema.mp.microsoft.com/schema/configure/2022-07-01',
  configureStatus: 'https://schema.mp.microsoft.com/schema/configure-status/2022-07-01',
  privateOffer: 'https://schema.mp.microsoft.com/schema/private-offer/2023-07-15',
  planPrice: 'https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2023-07-15',
} as const;

const configureBody = z.object({
  $schema: z.literal(SCHEMAS.configure),
  resources: z.array(z.looseObject({ $schema: z.string() })).min(1),
});

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/**
 * The private-offer pages name products and plans by durable id
 * (product/<guid>, plan/<product guid>/<plan guid>); an offer id or planId in
 * their place is refused with the request.
 */
const productDurableId = z.string().regex(new RegExp(`^product/${GUID}$`, 'i'), 'must be a product durable id (product/<guid>)');
const planDurableId = z
  .string()
  .regex(new RegExp(`^plan/${GUID}/${GUID}$`, 'i'), 'must be a plan durable id (plan/<product guid>/<plan guid>)');

const planPrice = z.looseObject({
  resourceName: z.string().min(1),
  product: productDurableId,
  plan: planDurableId,
  pricing: z.object({
    recurrentPrice: z.object({
      priceInputOption: z.literal('usd'),
      prices: z.array(z.object({ pricePerPaymentInUsd: z.number().min(0), billingTerm: z.unknown() }).loose()).min(1),
    }),
  }),
});

const offerResource = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  // The pages spell the selling partner's type both multipartyPromotionChannelPartner and multiPartyPromotionChannelPartner.
  privateOfferType: z
    .enum([
      'customerPromotion',
      'multipartyPromotionOriginator',
      'multipartyPromotionChannelPartner',
      'multiPartyPromotionChannelPartner',
      'cspPromotion',
    ])
    .transform((t) => (t === 'multiPartyPromotionChannelPartner' ? 'multipartyPromotionChannelPartner' : t)),
  state: z.enum(['draft', 'live', 'withdrawn', 'deleted']),
  offerPricingType: z.string().optional(),
  variableStartDate: z.boolean().optional(),
  end: z.string().optional(),
  acceptBy: z.string().optional(),
  preparedBy: z.string().optional(),
  notificationContacts: z.array(z.string()).optional(),
  beneficiaries: z.array(z.looseObject({ id: z.string().min(1), description: z.string().optional() })).optional(),
  partners: z.array(z.looseObject({ id: z.string().min(1), partnerName: z.string().optional() })).optional(),
  pricing: z
    .array(
      z.looseObject({
        product: productDurableId,
        plan: planDurableId.optional(),
        discountType: z.enum(['percentage', 'absolute']),
        discountPercentage: z.number().optional(),
        priceDetails: z.object({ resourceName: z.string() }).optional(),
      }),
    )
    .optional(),
  originatorPricing: z
    .array(z.looseObject({ product: productDurableId.optional(), plan: planDurableId, markupPercentage: z.number().optional() }))
    .optional(),
});

type Problem = { code: string; message: string; resourceId?: string };

/**
 * POST configure for private offers: a customer private offer, the two
 * parties' parts of a multiparty private offer, and withdrawal. The request's
 * shape is checked at once (400); what the offer says is checked by the job,
 * which fails with its errors, as Partner Center's jobs do.
 */
@Injectable()
export class PrivateOfferConfigureService {
  constructor(
    private readonly store: ProductIngestionStore,
    private readonly saas: AzureSubscriptionStore,
    private readonly clock: ClockService,
  ) {}

  configure(body: unknown): ConfigureJob {
    const parsed = configureBody.safeParse(body);
    if (!parsed.success) throw schemaError(parsed.error);
    const prices = new Map<string, z.infer<typeof planPrice>>();
    const offers: z.infer<typeof offerResource>[] = [];
    for (const resource of parsed.data.resources) {
      if (resource.$schema === SCHEMAS.planPrice) {
        const price = planPrice.safeParse(resource);
        if (!price.success) throw schemaError(price.error);
        prices.set(price.data.resourceName, price.data);
      } else if (resource.$schema === SCHEMAS.privateOffer) {
        const offer = offerResource.safeParse(resource);
        if (!offer.success) throw schemaError(offer.error);
        offers.push(offer.data);
      } else {
        throw azureError(400, 'BadRequest', `resource $schema ${resource.$schema} is not one this sandbox serves`);
      }
    }
    if (offers.length !== 1) throw azureError(400, 'BadRequest', 'a configure request carries exactly one private-offer resource here');
    const now = this.clock.now().toISOString();
    const job: ConfigureJob = {
      jobId: uuid(),
      jobStatus: 'notStarted',
      jobResult: 'pending',
      jobStart: now,
      jobEnd: '0001-01-01',
      errors: [],
      privateOfferId: null,
      polls: 0,
    };
    const outcome = this.apply(offers[0], prices, now);
    if ('problems' in outcome) job.errors = outcome.problems;
    else job.privateOfferId = outcome.id;
    this.store.saveJob(job);
    return job;
  }

  private apply(
    r: z.infer<typeof offerResource>,
    prices: Map<string, z.infer<typeof planPrice>>,
    now: string,
  ): { id: string } | { problems: Problem[] } {
    if (r.state === 'withdrawn' || r.state === 'deleted') return this.withdraw(r, now);
    if (r.privateOfferType === 'multipartyPromotionChannelPartner') return this.sellerSubmits(r, now);
    const problems: Problem[] = [];
    if (!r.beneficiaries?.length)
      problems.push({ code: 'BadRequest', message: 'beneficiaries: name at least one customer billing account' });
    if (r.privateOfferType === 'customerPromotion' && !r.preparedBy)
      problems.push({ code: 'BadRequest', message: 'preparedBy is required' });
    if (r.privateOfferType === 'multipartyPromotionOriginator' && !r.partners?.length)
      problems.push({ code: 'BadRequest', message: 'partners: a multiparty private offer names its selling partner' });
    if (!r.end || !r.acceptBy) problems.push({ code: 'Conflict', message: 'The end and acceptBy dates should be defined' });
    else if (r.acceptBy > r.end) problems.push({ code: 'Conflict', message: 'acceptBy must not be after end' });
    const pricing: PrivateOfferRecord['pricing'] = [];
    for (const p of r.pricing ?? []) {
      const product = this.saas.allOffers().find((o) => o.durableId.toLowerCase() === p.product.toLowerCase());
      if (!product) {
        problems.push({ code: 'NotFound', message: `${p.product} is not a product of this publisher`, resourceId: p.product });
        continue;
      }
      const plan = product.plans.find((candidate) => candidate.durableId.toLowerCase() === (p.plan ?? '').toLowerCase());
      if (!plan) {
        problems.push({ code: 'NotFound', message: `${p.plan ?? '(no plan)'} is not a plan of ${p.product}`, resourceId: p.plan });
        continue;
      }
      const detail = p.discountType === 'absolute' ? prices.get(p.priceDetails?.resourceName ?? '') : undefined;
      if (detail && (detail.product !== p.product || detail.plan !== p.plan)) {
        problems.push({ code: 'BadRequest', message: `${detail.resourceName} prices ${detail.plan}, not ${p.plan ?? '(no plan)'}` });
        continue;
      }
      if (p.discountType === 'absolute' && !detail) {
        problems.push({
          code: 'BadRequest',
          message: `priceDetails.resourceName ${p.priceDetails?.resourceName ?? ''} names no price resource of the request`,
        });
        continue;
      }
      const first = detail?.pricing.recurrentPrice.prices[0];
      pricing.push({
        product: product.durableId,
        plan: plan.durableId,
        offerId: product.offerId,
        planId: plan.planId,
        discountType: p.discountType,
        pricePerPaymentInUsd: first?.pricePerPaymentInUsd ?? 0,
        billingTerm: first?.billingTerm ?? null,
      });
    }
    if (!pricing.length && !problems.length) problems.push({ code: 'BadRequest', message: 'pricing: price at least one plan' });
    if (problems.length) return { problems };
    const offer: PrivateOfferRecord = {
      id: `private-offer/${uuid()}`,
      name: r.name,
      privateOfferType: r.privateOfferType,
      offerPricingType: r.offerPricingType ?? 'editExistingOfferPricingOnly',
      state: r.state,
      variableStartDate: r.variableStartDate ?? true,
      end: r.end!,
      acceptBy: r.acceptBy!,
      preparedBy: r.preparedBy,
      notificationContacts: r.notificationContacts ?? [],
      beneficiaries: r.beneficiaries!,
      partners: r.partners ?? [],
      pricing,
      visibleToCustomer: r.privateOfferType === 'customerPromotion' && r.state === 'live',
      lastModified: now.slice(0, 10),
    };
    this.store.saveOffer(offer);
    return { id: offer.id };
  }

  /** The selling partner completes the originator's offer: its markup on every plan, who prepared it, then live for the customer. */
  private sellerSubmits(r: z.infer<typeof offerResource>, now: string): { id: string } | { problems: Problem[] } {
    const offer = r.id ? this.store.offer(r.id) : undefined;
    if (!offer || offer.privateOfferType !== 'multipartyPromotionOriginator')
      return { problems: [{ code: 'NotFound', message: `no multiparty private offer ${r.id ?? '(no id)'}`, resourceId: r.id }] };
    if (offer.state !== 'live') return { problems: [{ code: 'Conflict', message: `the originator's offer is ${offer.state}` }] };
    if (!r.preparedBy) return { problems: [{ code: 'BadRequest', message: 'preparedBy is required of the selling partner' }] };
    const markups = new Map((r.originatorPricing ?? []).map((p) => [p.plan, p.markupPercentage]));
    const missing = offer.pricing.filter((p) => typeof markups.get(p.plan) !== 'number');
    if (missing.length)
      return { problems: [{ code: 'BadRequest', message: `markupPercentage is required on ${missing.map((p) => p.plan).join(', ')}` }] };
    offer.pricing = offer.pricing.map((p) => ({ ...p, markupPercentage: markups.get(p.plan) }));
    offer.preparedBy = r.preparedBy;
    offer.visibleToCustomer = r.state === 'live';
    offer.lastModified = now.slice(0, 10);
    return { id: offer.id };
  }

  private withdraw(r: z.infer<typeof offerResource>, now: string): { id: string } | { problems: Problem[] } {
    const offer = r.id ? this.store.offer(r.id) : undefined;
    if (!offer) return { problems: [{ code: 'NotFound', message: `no private offer ${r.id ?? '(no id)'}`, resourceId: r.id }] };
    offer.state = r.state;
    offer.visibleToCustomer = false;
    offer.lastModified = now.slice(0, 10);
    return { id: offer.id };
  }

  /** The job as the status endpoint answers it: a job runs for one poll, then has its result. */
  poll(jobId: string): ConfigureJob {
    const job = this.store.job(jobId);
    if (!job) throw azureError(404, 'NotFound', `no job ${jobId}`);
    job.polls += 1;
    if (job.polls === 1) job.jobStatus = 'running';
    else if (job.jobStatus !== 'completed') {
      job.jobStatus = 'completed';
      job.jobResult = job.errors.length ? 'failed' : 'succeeded';
      job.jobEnd = this.clock.now().toISOString();
    }
    return job;
  }
}

/** A refused request, in the error shape the Product Ingestion API page shows for a 400 ("Cancel a configuration request"). */
function schemaError(error: z.ZodError) {
  const issue = error.issues[0];
  return new HttpException(
    {
      error: {
        code: 'badRequest',
        message: `Schema validation: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid body'}`,
        details: error.issues.map((i) => ({ target: i.path.join('.'), message: i.message })),
      },
    },
    400,
  );
}
