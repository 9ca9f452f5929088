import { Injectable } from '@nestjs/common';
import { resaleAuthorizationChanges } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { azureResaleAuthorizationChanges } from './azure-offer.changes';
import { listingProblems } from './offer-draft.validator';
import { OfferRepository } from './offer.repository';
import type { ResaleAuthorizationInput } from './offer.schemas';

/**
 * The ISV grants a reseller partner the right to sell a product through
 * channel private offers: an AWS resale authorization (CPPO), or on Azure the
 * originator's part of a multiparty private offer (the customers, the
 * partner and its prices; the partner adds its markup and sends it).
 */
@Injectable()
export class ResaleAuthorizationService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly jobs: JobProducer,
  ) {}

  async grant(principal: Principal, input: ResaleAuthorizationInput): Promise<string> {
    const [listing, account] = await Promise.all([
      this.offers.listing(input.listingId),
      this.offers.partnerAccount(input.resellerPartnerId, input.cloud),
    ]);
    const cloudName = input.cloud === 'AZURE' ? 'an Azure Partner Center account' : 'an AWS seller account';
    const problems = [
      ...(listing ? listingProblems(listing, input) : [{ field: 'listingId', reason: 'no such listing' }]),
      ...(listing && listing.cloud !== input.cloud ? [{ field: 'cloud', reason: `the listing is on ${listing.cloud}` }] : []),
      ...(account ? [] : [{ field: 'resellerPartnerId', reason: `no such partner with ${cloudName}` }]),
    ];
    // Either missing is among the problems; the test on both lets the compiler know them present below.
    if (!listing || !account || problems.length) throw ApiError.invalid(problems);
    const prices = input.prices.map((p) => ({ key: p.dimension, price: p.price }));
    const expiresAt = new Date(input.expiresAt);
    const created = await this.offers.createResaleAuthorization(
      {
        cloud: input.cloud,
        listingId: listing.id,
        resellerPartnerId: input.resellerPartnerId,
        resellerAccountId: account.accountId,
        name: input.name,
        prices,
        durationMonths: input.durationMonths,
        eula: input.eula,
        expiresAt,
        buyerAccounts: input.buyerAccounts ?? [],
        createdBy: principal.actor,
      },
      (id) => ({
        cloud: input.cloud,
        purpose: 'RESALE_AUTHORIZATION_PUBLISH',
        lockKey: `new:${id}`,
        sellerAccountId: null,
        name: input.name,
        reason: null,
        changes:
          input.cloud === 'AZURE'
            ? azureResaleAuthorizationChanges({
                productId: listing.productId,
                name: input.name,
                buyerAccounts: input.buyerAccounts!,
                expiresAt,
                durationMonths: input.durationMonths,
                eula: input.eula,
                prices,
                plans: listing.dimensions,
                partner: { id: account.accountId, name: account.partner.name },
              })
            : resaleAuthorizationChanges({
                productId: listing.productId,
                name: input.name,
                resellerAccountId: account.accountId,
                pricingModel: input.pricingModel,
                prices,
                currency: input.currency,
                durationMonths: input.durationMonths,
                eula: input.eula,
                expiresAt,
              }),
      }),
      principal.actor,
    );
    await this.jobs.enqueue('catalog-change.submit', { changeSetId: created.changeSetId }).catch(() => undefined);
    return created.id;
  }
}
