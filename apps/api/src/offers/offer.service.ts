import { HttpStatus, Injectable } from '@nestjs/common';
import type { OfferUpdateOnSuccess } from '@bridge/database';
import { releasedOfferProblems, repricedTermsValue, replacedAgreementProblems, replacementTimingProblems } from '@bridge/domain';
import { expireOfferChanges, offerUpdateChanges } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import type { Principal } from '../auth/principal';
import { partnerScopeOf } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { azureWithdrawOfferChanges } from './azure-offer.changes';
import { channelDraft, directDraft } from './offer-draft.records';
import { listingProblems, resaleGrantProblems } from './offer-draft.validator';
import { publishChanges } from './offer-publish.changes';
import { isDrafted, OfferRepository, type DraftedOffer, type OfferRow } from './offer.repository';
import type { DraftOfferInput, UpdateOfferInput } from './offer.schemas';

const refuse = ApiError.invalid;

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
    if (scope && input.partnerId && input.partnerId !== scope)
      throw refuse([{ field: 'partnerId', reason: 'a partner drafts offers for itself only' }]);
    const partnerId = scope ?? input.partnerId ?? null;
    if (partnerId && !(await this.offers.partnerExists(partnerId))) throw refuse([{ field: 'partnerId', reason: 'no such partner' }]);
    const target = { buyerAccounts: input.buyerAccounts, currency: input.currency, expiresAt: new Date(input.expiresAt) };

    if (input.resaleAuthorizationId) {
      // A channel offer: the reseller's own, under an active authorization it holds.
      const grant = await this.offers.resaleAuthorization(scope, input.resaleAuthorizationId);
      const problems = resaleGrantProblems(grant, target, 'no such resale authorization for this partner');
      if (grant && !problems.length) problems.push(...sameCloudProblems(grant, input));
      if (!grant || problems.length) throw refuse(problems);
      const draft = channelDraft(grant, input, principal.actor);
      return this.offers.createDraft({ ...draft.offer, ...target }, draft.terms, principal.actor);
    }

    const listing = await this.offers.listing(input.listingId!);
    if (!listing) throw refuse([{ field: 'listingId', reason: 'no such listing' }]);
    if (listing.cloud !== input.cloud) throw refuse([{ field: 'cloud', reason: `the listing is on ${listing.cloud}` }]);
    const problems = listingProblems(listing, input);
    if (problems.length) throw refuse(problems);
    const draft = directDraft(listing, input, partnerId, principal.actor);
    return this.offers.createDraft({ ...draft.offer, ...target }, draft.terms, principal.actor);
  }

  async publish(principal: Principal, row: OfferRow, reason: string | null): Promise<string> {
    const offer = drafted(row);
    if (!['DRAFT', 'FAILED'].includes(offer.state))
      throw new ApiError(HttpStatus.CONFLICT, `the offer is ${offer.state.toLowerCase()}; only a draft or a failed offer is published`);
    if (offer.expiresAt && offer.expiresAt <= new Date())
      throw refuse([{ field: 'expiresAt', reason: 'has passed: set a new expiry before publishing' }]);
    // The agreement may have ended since the draft was made: AWS would refuse to replace it.
    const ended = offer.replacesAgreement ? replacedAgreementProblems(offer.replacesAgreement) : [];
    if (ended.length) throw refuse(ended, HttpStatus.CONFLICT);
    const { terms } = offer;
    const reseller = offer.kind === 'CHANNEL' ? await this.offers.resaleAuthorization(null, terms.resaleGrantId!) : null;
    const changeSetId = await this.offers.transitionWithChangeSet(
      offer.id,
      { in: ['DRAFT', 'FAILED'] },
      'PUBLISHING',
      {
        cloud: offer.cloud,
        purpose: 'OFFER_PUBLISH',
        lockKey: `new:${offer.id}`,
        sellerAccountId: reseller?.resellerAccountId ?? null,
        name: terms.name,
        changes: publishChanges(offer),
        reason,
      },
      { actor: principal.actor, action: 'offer.publish-requested' },
    );
    if (!changeSetId) throw new ApiError(HttpStatus.CONFLICT, 'the offer is already being published');
    await this.submit(changeSetId);
    return changeSetId;
  }

  /** A draft changes in place; a published offer changes through a change set, applied here once it succeeds. */
  async update(principal: Principal, row: OfferRow, input: UpdateOfferInput): Promise<string | null> {
    const offer = drafted(row);
    const { terms } = offer;
    if (offer.kind === 'CHANNEL' && input.prices)
      throw refuse([{ field: 'prices', reason: "a channel offer takes the authorization's prices" }]);
    const wrongBuyers = sameCloudProblems(
      { cloud: offer.cloud, buyerAccounts: [] },
      { cloud: offer.cloud, buyerAccounts: input.buyerAccounts },
    );
    if (wrongBuyers.length) throw refuse(wrongBuyers);
    if (offer.replacesAgreement && input.buyerAccounts)
      throw refuse([
        {
          field: 'buyerAccounts',
          reason: 'a replacement offer is for the buyer of the agreement it replaces (AWS: INCOMPATIBLE_TARGETING)',
        },
      ]);
    if (offer.replacesAgreement && input.expiresAt) {
      const late = replacementTimingProblems({
        agreementEndDate: terms.agreementEndDate!.toISOString().slice(0, 10),
        expiresAt: new Date(input.expiresAt),
      });
      if (late.length) throw refuse(late);
    }
    if (input.prices) {
      const listing = await this.offers.listing(offer.listingId);
      const problems = listingProblems(listing!, {
        prices: input.prices,
        currency: offer.currency,
        // Under a payment schedule the prices are not what the buyer is charged, so they need not be whole minor units;
        // the schedule is not checked again (its first date may have passed).
        pricingModel: terms.paymentSchedule ? undefined : terms.pricingModel,
        durationMonths: terms.durationMonths,
      });
      if (problems.length) throw refuse(problems);
    }
    const prices = input.prices?.map((p) => ({ key: p.dimension, price: p.price }));
    const repriced = repricedTermsValue(
      {
        currency: offer.currency,
        pricingModel: terms.pricingModel,
        paymentSchedule: terms.paymentSchedule,
        markupPercent: terms.markupPercent?.toString(),
      },
      input.prices,
    );
    const offerPatch = {
      buyerAccounts: input.buyerAccounts,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : undefined,
      contractValueMinor: repriced,
    };
    const termsPatch = { name: input.name, prices, eula: input.eula };
    if (['DRAFT', 'FAILED'].includes(offer.state)) {
      await this.offers.updateDraft(offer.id, offerPatch, termsPatch, principal.actor, input.reason ?? null);
      return null;
    }
    if (offer.state !== 'PUBLISHED' || !offer.marketplaceOfferId)
      throw new ApiError(HttpStatus.CONFLICT, `the offer is ${offer.state.toLowerCase()} and cannot be changed`);
    // Partner Center edits a private offer only as a draft: a live one is withdrawn and made again.
    if (offer.cloud === 'AZURE')
      throw new ApiError(
        HttpStatus.CONFLICT,
        'a published Azure private offer cannot be changed: expire (withdraw) it and publish a new one',
      );
    const refused = releasedOfferProblems(input);
    if (refused.length) throw refuse(refused);
    const changes = offerUpdateChanges(offer.marketplaceOfferId, { name: input.name, expiresAt: offerPatch.expiresAt });
    const onSuccess: OfferUpdateOnSuccess = {
      offer: { ...offerPatch, expiresAt: offerPatch.expiresAt?.toISOString(), contractValueMinor: repriced?.toString() },
      terms: termsPatch,
    };
    return this.changePublished(principal, offer, 'OFFER_UPDATE', changes, onSuccess, input.reason ?? null, 'offer.update-requested');
  }

  async expire(principal: Principal, row: OfferRow, reason: string | null): Promise<string | null> {
    const offer = drafted(row);
    if (offer.state === 'DRAFT') throw new ApiError(HttpStatus.CONFLICT, 'a draft has not been published: nothing to expire');
    if (offer.state !== 'PUBLISHED' || !offer.marketplaceOfferId)
      throw new ApiError(HttpStatus.CONFLICT, `the offer is ${offer.state.toLowerCase()} and cannot be expired`);
    return this.changePublished(
      principal,
      offer,
      'OFFER_EXPIRE',
      offer.cloud === 'AZURE' ? azureWithdrawOfferChanges(offer) : expireOfferChanges(offer.marketplaceOfferId, new Date()),
      undefined,
      reason,
      'offer.expire-requested',
    );
  }

  async linkOpportunity(principal: Principal, offer: OfferRow, opportunityId: string): Promise<void> {
    if (!offer.marketplaceOfferId) throw new ApiError(HttpStatus.CONFLICT, 'publish the offer before linking it to an opportunity');
    await this.jobs.enqueue('offer.link-opportunity', { offerId: offer.id, opportunityId, actor: principal.actor });
  }

  private async changePublished(
    principal: Principal,
    offer: DraftedOffer,
    purpose: 'OFFER_UPDATE' | 'OFFER_EXPIRE',
    changes: ReturnType<typeof expireOfferChanges>,
    onSuccess: OfferUpdateOnSuccess | undefined,
    reason: string | null,
    action: string,
  ): Promise<string> {
    const reseller = offer.kind === 'CHANNEL' ? await this.offers.resaleAuthorization(null, offer.terms.resaleGrantId!) : null;
    const changeSetId = await this.offers.transitionWithChangeSet(
      offer.id,
      'PUBLISHED',
      undefined,
      {
        cloud: offer.cloud,
        purpose,
        lockKey: offer.marketplaceOfferId!,
        sellerAccountId: reseller?.resellerAccountId ?? null,
        name: offer.terms.name,
        changes,
        onSuccess,
        reason,
      },
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

/** Offers the product drafted have terms; one recorded without (a fixture, an import) cannot be published or changed. */
function drafted(offer: OfferRow): DraftedOffer {
  if (!isDrafted(offer)) throw new ApiError(HttpStatus.CONFLICT, 'the offer has no terms recorded: it cannot be published or changed');
  return offer;
}

/**
 * A channel offer is on its authorization's cloud; on Azure it is the
 * reseller's part of the one multiparty private offer, so its customers are
 * the ones the ISV named. Buyer ids are the cloud's kind (checked for edits too).
 */
function sameCloudProblems(
  grant: { cloud: string; buyerAccounts: string[] },
  input: { cloud: string; buyerAccounts?: string[] },
): { field: string; reason: string }[] {
  if (grant.cloud !== input.cloud) return [{ field: 'cloud', reason: `the resale authorization is on ${grant.cloud}` }];
  if (grant.cloud !== 'AZURE' || !grant.buyerAccounts.length) {
    const wrong = (input.buyerAccounts ?? []).findIndex((b) => (grant.cloud === 'AZURE') === /^\d{12}$/.test(b));
    return wrong < 0 ? [] : [{ field: `buyerAccounts.${wrong}`, reason: `is not a buyer id of ${grant.cloud}` }];
  }
  const same = [...(input.buyerAccounts ?? [])].sort().join() === [...grant.buyerAccounts].sort().join();
  return same
    ? []
    : [
        {
          field: 'buyerAccounts',
          reason: `a multiparty private offer is for the customers the ISV named: ${grant.buyerAccounts.join(', ')}`,
        },
      ];
}
