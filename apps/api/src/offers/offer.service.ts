import { HttpStatus, Injectable } from '@nestjs/common';
import { Prisma } from '@bridge/database';
import { pricedTermsValue } from '@bridge/domain';
import { channelOfferChanges, expireOfferChanges, offerUpdateChanges, privateOfferChanges } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import type { Principal } from '../auth/principal';
import { partnerScopeOf } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { listingProblems } from './offer-draft.validator';
import { OfferRepository, type OfferRow } from './offer.repository';
import type { DraftOfferInput, Eula, UpdateOfferInput } from './offer.schemas';

interface StoredPrice {
  key: string;
  price: string;
}

const refuse = (problems: { field: string; reason: string }[]) =>
  new ApiError(HttpStatus.BAD_REQUEST, `invalid request: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`, problems);

/**
 * Drafts, publishes, updates and expires offers. A draft is checked in full
 * here, so a bad one never reaches the marketplace; publishing records one
 * change set (with placeholders) that private-offers sends and follows.
 */
@Injectable()
export class OfferService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly jobs: JobProducer,
  ) {}

  async draft(principal: Principal, input: DraftOfferInput): Promise<string> {
    const scope = partnerScopeOf(principal);
    if (scope && input.partnerId && input.partnerId !== scope) throw refuse([{ field: 'partnerId', reason: 'a partner drafts offers for itself only' }]);
    const partnerId = scope ?? input.partnerId ?? null;
    if (partnerId && !(await this.offers.partnerExists(partnerId))) throw refuse([{ field: 'partnerId', reason: 'no such partner' }]);
    const expiresAt = new Date(input.expiresAt);

    if (input.resaleAuthorizationId) {
      // A channel offer: the reseller's own, under an active authorization it holds.
      const grant = await this.offers.resaleAuthorization(scope, input.resaleAuthorizationId);
      if (!grant) throw refuse([{ field: 'resaleAuthorizationId', reason: 'no such resale authorization for this partner' }]);
      if (grant.state !== 'ACTIVE' || !grant.marketplaceId) throw refuse([{ field: 'resaleAuthorizationId', reason: `the authorization is ${grant.state.toLowerCase()}, not active` }]);
      if (expiresAt > grant.expiresAt) throw refuse([{ field: 'expiresAt', reason: `must not be after the authorization expires (${grant.expiresAt.toISOString()})` }]);
      // The authorization's wholesale prices, per unit: what the buyer pays is known once an agreement says so.
      const pricingModel = 'Usage';
      const markupPercent = input.markupPercent!;
      return this.offers.createDraft(
        {
          cloud: 'AWS',
          kind: 'CHANNEL',
          listingId: grant.listingId,
          partnerId: grant.resellerPartnerId,
          resaleAuthorizationId: grant.marketplaceId,
          buyerAccounts: input.buyerAccounts,
          currency: input.currency,
          contractValueMinor: pricedTermsValue({ currency: input.currency, pricingModel, prices: grant.prices as unknown as StoredPrice[], markupPercent }),
          expiresAt,
        },
        { name: input.name, pricingModel, prices: grant.prices as Prisma.InputJsonValue, durationMonths: grant.durationMonths, eula: grant.eula as Prisma.InputJsonValue, markupPercent: new Prisma.Decimal(markupPercent), resaleGrantId: grant.id, createdBy: principal.actor },
        principal.actor,
      );
    }

    const listing = await this.offers.listing(input.listingId!);
    if (!listing) throw refuse([{ field: 'listingId', reason: 'no such listing' }]);
    const problems = listingProblems(listing, input);
    if (problems.length) throw refuse(problems);
    const prices: StoredPrice[] = input.prices!.map((p) => ({ key: p.dimension, price: p.price }));
    return this.offers.createDraft(
      {
        cloud: listing.cloud,
        kind: 'PRIVATE',
        listingId: listing.id,
        partnerId,
        buyerAccounts: input.buyerAccounts,
        currency: input.currency,
        contractValueMinor: pricedTermsValue({ currency: input.currency, pricingModel: input.pricingModel, prices: input.prices, paymentSchedule: input.paymentSchedule }),
        expiresAt,
      },
      {
        name: input.name,
        pricingModel: input.pricingModel,
        prices: prices as unknown as Prisma.InputJsonValue,
        durationMonths: input.durationMonths,
        paymentSchedule: input.paymentSchedule ?? Prisma.DbNull,
        eula: input.eula,
        createdBy: principal.actor,
      },
      principal.actor,
    );
  }

  async publish(principal: Principal, offer: OfferRow, reason: string | null): Promise<string> {
    if (!['DRAFT', 'FAILED'].includes(offer.state)) throw new ApiError(HttpStatus.CONFLICT, `the offer is ${offer.state.toLowerCase()}; only a draft or a failed offer is published`);
    if (offer.expiresAt && offer.expiresAt <= new Date()) throw refuse([{ field: 'expiresAt', reason: 'has passed: set a new expiry before publishing' }]);
    const terms = offer.terms!;
    const channel = offer.kind === 'CHANNEL';
    const reseller = channel ? await this.offers.resaleAuthorization(null, terms.resaleGrantId!) : null;
    const changes = channel
      ? channelOfferChanges({
          productId: offer.listing.productId,
          resaleAuthorizationId: offer.resaleAuthorizationId!,
          name: terms.name,
          buyerAccounts: offer.buyerAccounts,
          markupPercent: terms.markupPercent!.toString(),
          expiresAt: offer.expiresAt!,
        })
      : privateOfferChanges({
          productId: offer.listing.productId,
          name: terms.name,
          buyerAccounts: offer.buyerAccounts,
          pricingModel: terms.pricingModel as 'Usage' | 'Contract',
          prices: terms.prices as unknown as StoredPrice[],
          currency: offer.currency,
          durationMonths: terms.durationMonths,
          paymentSchedule: (terms.paymentSchedule as { chargeDate: string; amount: string }[] | null) ?? null,
          eula: terms.eula as unknown as Eula,
          expiresAt: offer.expiresAt!,
        });
    const changeSetId = await this.offers.transitionWithChangeSet(
      offer.id,
      { in: ['DRAFT', 'FAILED'] },
      'PUBLISHING',
      { purpose: 'OFFER_PUBLISH', lockKey: `new:${offer.id}`, sellerAccountId: reseller?.resellerAccountId ?? null, name: terms.name, changes, reason },
      { actor: principal.actor, action: 'offer.publish-requested' },
    );
    if (!changeSetId) throw new ApiError(HttpStatus.CONFLICT, 'the offer is already being published');
    await this.submit(changeSetId);
    return changeSetId;
  }

  /** A draft changes in place; a published offer changes through a change set, applied here once it succeeds. */
  async update(principal: Principal, offer: OfferRow, input: UpdateOfferInput): Promise<string | null> {
    if (offer.kind === 'CHANNEL' && input.prices) throw refuse([{ field: 'prices', reason: "a channel offer takes the authorization's prices" }]);
    // A contract's prices make its value unless a payment schedule does (the schedule is not checked again: its first date may have passed).
    const pricedByContract = offer.terms!.paymentSchedule ? undefined : offer.terms!.pricingModel;
    if (input.prices) {
      const listing = await this.offers.listing(offer.listingId);
      const problems = listingProblems(listing!, { prices: input.prices, currency: offer.currency, pricingModel: pricedByContract, durationMonths: offer.terms!.durationMonths });
      if (problems.length) throw refuse(problems);
    }
    const prices = input.prices?.map((p) => ({ key: p.dimension, price: p.price }));
    // New prices of a contract change what the buyer commits to.
    const repriced = input.prices && pricedByContract ? pricedTermsValue({ currency: offer.currency, pricingModel: pricedByContract, prices: input.prices }) : undefined;
    const offerPatch = {
      buyerAccounts: input.buyerAccounts,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : undefined,
      contractValueMinor: repriced,
    };
    const termsPatch = { name: input.name, prices: prices as unknown as Prisma.InputJsonValue | undefined, eula: input.eula };
    if (['DRAFT', 'FAILED'].includes(offer.state)) {
      await this.offers.updateDraft(offer.id, offerPatch, termsPatch, principal.actor, input.reason ?? null);
      return null;
    }
    if (offer.state !== 'PUBLISHED' || !offer.marketplaceOfferId) throw new ApiError(HttpStatus.CONFLICT, `the offer is ${offer.state.toLowerCase()} and cannot be changed`);
    const changes = offerUpdateChanges(offer.marketplaceOfferId, {
      name: input.name,
      buyerAccounts: input.buyerAccounts,
      eula: input.eula,
      expiresAt: offerPatch.expiresAt,
      pricing: prices ? { model: offer.terms!.pricingModel as 'Usage' | 'Contract', prices, currency: offer.currency, durationMonths: offer.terms!.durationMonths } : undefined,
    });
    const onSuccess = {
      offer: { ...offerPatch, expiresAt: offerPatch.expiresAt?.toISOString(), contractValueMinor: repriced?.toString() },
      terms: termsPatch,
    } as unknown as Prisma.InputJsonValue;
    return this.changePublished(principal, offer, 'OFFER_UPDATE', changes, onSuccess, input.reason ?? null, 'offer.update-requested');
  }

  async expire(principal: Principal, offer: OfferRow, reason: string | null): Promise<string | null> {
    if (offer.state === 'DRAFT') throw new ApiError(HttpStatus.CONFLICT, 'a draft has not been published: nothing to expire');
    if (offer.state !== 'PUBLISHED' || !offer.marketplaceOfferId) throw new ApiError(HttpStatus.CONFLICT, `the offer is ${offer.state.toLowerCase()} and cannot be expired`);
    return this.changePublished(principal, offer, 'OFFER_EXPIRE', expireOfferChanges(offer.marketplaceOfferId, new Date()), undefined, reason, 'offer.expire-requested');
  }

  async linkOpportunity(principal: Principal, offer: OfferRow, opportunityId: string): Promise<void> {
    if (!offer.marketplaceOfferId) throw new ApiError(HttpStatus.CONFLICT, 'publish the offer before linking it to an opportunity');
    await this.jobs.enqueue('offer.link-opportunity', { offerId: offer.id, opportunityId, actor: principal.actor });
  }

  private async changePublished(
    principal: Principal,
    offer: OfferRow,
    purpose: 'OFFER_UPDATE' | 'OFFER_EXPIRE',
    changes: ReturnType<typeof expireOfferChanges>,
    onSuccess: Prisma.InputJsonValue | undefined,
    reason: string | null,
    action: string,
  ): Promise<string> {
    const reseller = offer.kind === 'CHANNEL' ? await this.offers.resaleAuthorization(null, offer.terms!.resaleGrantId!) : null;
    const changeSetId = await this.offers.transitionWithChangeSet(
      offer.id,
      'PUBLISHED',
      undefined,
      { purpose, lockKey: offer.marketplaceOfferId!, sellerAccountId: reseller?.resellerAccountId ?? null, name: offer.terms!.name, changes, onSuccess, reason },
      { actor: principal.actor, action },
    );
    if (!changeSetId) throw new ApiError(HttpStatus.CONFLICT, 'the offer changed meanwhile; read it again');
    await this.submit(changeSetId);
    return changeSetId;
  }

  /** If the queue cannot take the job now, the change-set sweep sends the recorded set later. */
  private async submit(changeSetId: string): Promise<void> {
    await this.jobs.enqueue('catalog-change.submit', { changeSetId }).catch(() => undefined);
  }
}
