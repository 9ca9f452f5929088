import { Inject, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DealRegistrationRepository } from '@bridge/database';
import { AzureCallError, MARKETPLACE_ORDERING_API, type MarketplaceOrderingApi, type MarketplaceTerms } from '@bridge/marketplace';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { MarketplaceTermsRepository } from './marketplace-terms.repository';
import { marketplacePlanSchema } from './marketplace-terms.schemas';

/** A registration that can no longer lead to a deployment takes no evidence. */
const CLOSED = new Set(['REJECTED', 'EXPIRED']);

/**
 * The marketplace terms of a plan a partner deploys on its customer's Azure
 * subscription (Marketplace Ordering): read them, and accept them when the
 * partner asks, recording the acceptance on the partner's registration.
 * Ownership is checked before anything else, so another partner's
 * registration is a 404 whatever the request holds.
 */
@Injectable()
export class MarketplaceTermsService {
  private readonly logger = new Logger(MarketplaceTermsService.name);

  constructor(
    private readonly deals: DealRegistrationRepository,
    @Inject(MARKETPLACE_ORDERING_API) private readonly ordering: MarketplaceOrderingApi,
    private readonly evidence: MarketplaceTermsRepository,
  ) {}

  async read(principal: Principal, dealId: string, query: unknown) {
    await this.registration(principal, dealId);
    const plan = this.parse(query, 'query');
    const terms = await this.azure(() => this.ordering.getTerms(plan), plan);
    return { terms, recorded: await this.evidence.listFor(dealId) };
  }

  async accept(principal: Principal, dealId: string, body: unknown) {
    const deal = await this.registration(principal, dealId);
    if (CLOSED.has(deal.status))
      throw ApiError.field(
        HttpStatus.CONFLICT,
        'id',
        `deal registration ${dealId} is ${deal.status.toLowerCase()}: no terms are accepted on it`,
      );
    const plan = this.parse(body, 'body');
    // Read first: the acceptance names the terms read (their signature), and terms already accepted on the subscription are recorded as they stand.
    const read = await this.azure(() => this.ordering.getTerms(plan), plan);
    const accepted = read.accepted ? read : await this.azure(() => this.ordering.acceptTerms(plan, read), plan);
    const row = await this.evidence.record(dealId, accepted, principal.actor, new Date());
    this.logger.log(
      `terms of ${plan.publisherId}/${plan.offerId}/${plan.planId} accepted on Azure subscription ${plan.subscriptionId} for registration ${dealId} by ${principal.actor}`,
    );
    return { terms: accepted, acceptance: row, alreadyAccepted: read.accepted };
  }

  private async registration(principal: Principal, dealId: string) {
    const deal = await this.deals.find(partnerScopeOf(principal), dealId);
    if (!deal) throw ApiError.notFound(`deal registration ${dealId}`);
    return deal;
  }

  private parse(input: unknown, where: 'query' | 'body') {
    const parsed = marketplacePlanSchema.safeParse(input ?? {});
    if (!parsed.success) throw ApiError.validation(parsed.error, where === 'query' ? 'query' : '');
    return parsed.data;
  }

  /** Azure's answer in the API's words: what the partner can act on, and the marketplace's own message. */
  private async azure(
    call: () => Promise<MarketplaceTerms>,
    plan: { publisherId: string; offerId: string; planId: string; subscriptionId: string },
  ) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof AzureCallError)) throw error;
      this.logger.warn(`Marketplace Ordering failed: ${error.message}`);
      const what = `${plan.publisherId}/${plan.offerId}/${plan.planId}`;
      if (error.kind === 'NOT_FOUND')
        throw ApiError.field(
          HttpStatus.NOT_FOUND,
          'planId',
          `Azure Marketplace has no deployable plan ${what} (or none visible to subscription ${plan.subscriptionId})`,
        );
      if (error.kind === 'RETRYABLE')
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, `Azure Marketplace Ordering is unavailable; retry later (${error.message})`);
      if (error.kind === 'CREDENTIALS')
        throw new ApiError(HttpStatus.BAD_GATEWAY, `Azure refused the product's credentials for Marketplace Ordering: ${error.message}`);
      if (error.status === 403)
        throw ApiError.field(
          HttpStatus.BAD_GATEWAY,
          'subscriptionId',
          `the product's Azure application may not manage marketplace terms on subscription ${plan.subscriptionId}: ${error.message}`,
        );
      throw new ApiError(HttpStatus.BAD_GATEWAY, `Azure Marketplace Ordering answered unexpectedly: ${error.message}`);
    }
  }
}
