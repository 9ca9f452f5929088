import { Injectable } from '@nestjs/common';
import type { Prisma } from '@bridge/database';
import { resaleAuthorizationChanges } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { listingProblems } from './offer-draft.validator';
import { OfferRepository } from './offer.repository';
import type { ResaleAuthorizationInput } from './offer.schemas';

/** The ISV grants a reseller partner the right to sell a product through channel private offers (AWS CPPO). */
@Injectable()
export class ResaleAuthorizationService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly jobs: JobProducer,
  ) {}

  async grant(principal: Principal, input: ResaleAuthorizationInput): Promise<string> {
    const [listing, account] = await Promise.all([
      this.offers.listing(input.listingId),
      this.offers.partnerAwsAccount(input.resellerPartnerId),
    ]);
    const problems = [
      ...(listing ? listingProblems(listing, input) : [{ field: 'listingId', reason: 'no such listing' }]),
      ...(account ? [] : [{ field: 'resellerPartnerId', reason: 'no such partner with an AWS seller account' }]),
    ];
    if (problems.length) throw ApiError.invalid(problems);
    const prices = input.prices.map((p) => ({ key: p.dimension, price: p.price }));
    const expiresAt = new Date(input.expiresAt);
    const created = await this.offers.createResaleAuthorization(
      {
        cloud: 'AWS',
        listingId: listing!.id,
        resellerPartnerId: input.resellerPartnerId,
        resellerAccountId: account!.accountId,
        name: input.name,
        prices: prices as unknown as Prisma.InputJsonValue,
        durationMonths: input.durationMonths,
        eula: input.eula,
        expiresAt,
        createdBy: principal.actor,
      },
      (id) => ({
        purpose: 'RESALE_AUTHORIZATION_PUBLISH',
        lockKey: `new:${id}`,
        sellerAccountId: null,
        name: input.name,
        reason: null,
        changes: resaleAuthorizationChanges({
          productId: listing!.productId,
          name: input.name,
          resellerAccountId: account!.accountId,
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
