import { HttpStatus, Injectable } from '@nestjs/common';
import { replacedAgreementProblems, replacementTimingProblems } from '@bridge/domain';
import type { Principal } from '../auth/principal';
import { partnerScopeOf } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { channelDraft, directDraft } from './offer-draft.records';
import { listingProblems, resaleGrantProblems } from './offer-draft.validator';
import { OfferRepository } from './offer.repository';
import type { ReplacementOfferInput } from './offer.schemas';

type RecordedAgreement = NonNullable<Awaited<ReturnType<OfferRepository['agreement']>>>;

/**
 * Drafts a replacement offer (renewal or upsell) of an agreement the product
 * recorded. Whoever proposed the agreement replaces it, as AWS requires: the
 * ISV's alliance team a direct agreement, the reseller a channel one (staff
 * may draft it for the reseller, as for channel offers; it is still sent
 * from the reseller's seller account). The draft is then published like any
 * other offer.
 */
@Injectable()
export class ReplacementOfferService {
  constructor(private readonly offers: OfferRepository) {}

  async draft(principal: Principal, agreementId: string, input: ReplacementOfferInput): Promise<string> {
    const scope = partnerScopeOf(principal);
    const agreement = await this.offers.agreement(agreementId);
    // A partner reaches only the agreements it proposed; any other answers as if there were none.
    if (!agreement || (scope && agreement.proposerPartnerId !== scope)) {
      throw ApiError.field(HttpStatus.NOT_FOUND, 'agreementId', `no agreement ${agreementId} that this caller may replace`);
    }
    const expiresAt = new Date(input.expiresAt);
    const problems = [
      ...replacedAgreementProblems(agreement),
      ...replacementTimingProblems({ agreementEndDate: input.agreementEndDate, expiresAt }),
    ];
    if (problems.length) throw ApiError.invalid(problems);
    const draft = agreement.resaleAuthorizationId
      ? await this.channel(agreement, input, expiresAt, principal.actor)
      : await this.direct(agreement, input, principal.actor);
    return this.offers.createDraft(
      {
        ...draft.offer,
        replacesAgreementId: agreement.id,
        buyerAccounts: [agreement.acceptorAccountId],
        currency: input.currency,
        expiresAt,
      },
      { ...draft.terms, agreementEndDate: new Date(`${input.agreementEndDate}T00:00:00Z`) },
      principal.actor,
    );
  }

  /** The agreement's reseller replaces it from an active authorization of the same product. */
  private async channel(agreement: RecordedAgreement, input: ReplacementOfferInput, expiresAt: Date, actor: string) {
    if (!input.resaleAuthorizationId) {
      throw refuse(
        'resaleAuthorizationId',
        'required: the agreement was sold through a reseller, who replaces it from an active resale authorization of the same product',
      );
    }
    if (!agreement.proposerPartnerId)
      throw refuse('agreementId', `its proposer, AWS account ${agreement.proposerAccountId}, is no partner's seller account`);
    const grant = await this.offers.resaleAuthorization(agreement.proposerPartnerId, input.resaleAuthorizationId);
    const problems = resaleGrantProblems(
      grant,
      { expiresAt, productId: agreement.productId },
      "no such resale authorization for the agreement's reseller",
    );
    if (problems.length) throw ApiError.invalid(problems);
    return channelDraft(grant!, input, actor);
  }

  /** New prices for the agreement's buyer, checked against the product's listing like any private offer. */
  private async direct(agreement: RecordedAgreement, input: ReplacementOfferInput, actor: string) {
    if (input.resaleAuthorizationId)
      throw refuse('resaleAuthorizationId', 'the agreement was sold directly: replace it with prices, not through a resale authorization');
    const listing = await this.offers.listingOfProduct(agreement.productId);
    if (!listing)
      throw refuse('agreementId', `its product ${agreement.productId} is not a listing of this product: sync the listings first`);
    const problems = listingProblems(listing, input);
    if (problems.length) throw ApiError.invalid(problems);
    // The partner who sourced the replaced offer keeps sight of its renewal.
    return directDraft(listing, input, agreement.offer?.partnerId ?? null, actor);
  }
}

const refuse = (field: string, reason: string) => ApiError.field(HttpStatus.BAD_REQUEST, field, reason);
