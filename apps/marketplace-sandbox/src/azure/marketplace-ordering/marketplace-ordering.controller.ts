import { Body, Controller, Get, HttpCode, HttpException, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { ClockService } from '../../clock/clock.service';
import { parseBody } from '../../core/zod-body.pipe';
import { FaultInjector, sleep } from '../../faults/fault-injector.service';
import { EntraTokenStore, MANAGEMENT_RESOURCE_ID } from '../entra/entra-token.store';
import { MarketplaceTermsStore, type TermsOnSubscription } from './marketplace-terms.store';

/** The Marketplace Ordering REST API version the product's SDK (@azure/arm-marketplaceordering 3.x) sends. */
export const MARKETPLACE_ORDERING_API_VERSION = '2021-01-01';

const TERMS_PATH =
  'subscriptions/:subscriptionId/providers/Microsoft.MarketplaceOrdering/offerTypes/:offerType/publishers/:publisherId/offers/:offerId/plans/:planId/agreements/current';

/** The body of "Marketplace Agreements - Create": the AgreementTerms read before, with `accepted` set; nothing the reference does not name. */
const saveTermsBody = z.strictObject({
  properties: z.strictObject({
    accepted: z.boolean(),
    signature: z.string().min(1),
    publisher: z.string().optional(),
    product: z.string().optional(),
    plan: z.string().optional(),
    licenseTextLink: z.string().optional(),
    privacyPolicyLink: z.string().optional(),
    marketplaceTermsLink: z.string().optional(),
    retrieveDatetime: z.string().optional(),
  }),
});

const planRequest = z.object({
  publisherId: z.string().min(1),
  offerId: z.string().min(1),
  planId: z.string().min(1),
  licenseTextLink: z.url().optional(),
  privacyPolicyLink: z.url().optional(),
});

/** Azure Resource Manager's error body: `{ error: { code, message } }` (the spec's ErrorResponse). */
function armError(status: number, code: string, message: string): HttpException {
  return new HttpException({ error: { code, message } }, status);
}

/**
 * Azure Marketplace Ordering ("Marketplace Agreements" of the REST
 * reference, 2021-01-01): read a deployable plan's terms on a subscription
 * and save their acceptance, as @azure/arm-marketplaceordering calls them.
 * Like Azure Resource Manager it wants an Entra token for
 * https://management.azure.com (401 with ARM's error codes otherwise) and
 * is reached over HTTPS only (the SDK sends bearer tokens nowhere else), so
 * it is served on the sandbox's HTTPS port.
 */
@Controller()
export class MarketplaceOrderingController {
  constructor(
    private readonly store: MarketplaceTermsStore,
    private readonly tokens: EntraTokenStore,
    private readonly faults: FaultInjector,
    private readonly clock: ClockService,
  ) {}

  /** "Marketplace Agreements - Get": the plan's terms and whether this subscription accepted them. */
  @Get(TERMS_PATH)
  async get(@Req() req: Request, @Param() p: Record<string, string>) {
    await this.check(req, 'azure.marketplaceAgreements.get');
    return this.present(p, this.find(p));
  }

  /** "Marketplace Agreements - Create": accepts (or revokes) the terms read before, named by their signature. */
  @Put(TERMS_PATH)
  @HttpCode(200)
  async save(@Req() req: Request, @Param() p: Record<string, string>, @Body() body: unknown) {
    await this.check(req, 'azure.marketplaceAgreements.create');
    const terms = this.find(p);
    const parsed = saveTermsBody.safeParse(body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw armError(400, 'InvalidRequestContent', `${issue?.path.join('.') ?? 'properties'}: ${issue?.message ?? 'is invalid'}`);
    }
    if (parsed.data.properties.signature !== terms.plan.signature)
      throw armError(
        400,
        'BadRequest',
        'The signature does not match the current terms of the plan: read the terms again and accept those.',
      );
    this.store.setAccepted(p.subscriptionId, p.offerType, terms.plan, parsed.data.properties.accepted);
    return this.present(p, this.find(p));
  }

  /** The publisher publishes a deployable plan and its terms (control API). */
  @Post('_sandbox/azure/marketplace-ordering/plans')
  @HttpCode(201)
  publish(@Body() body: unknown) {
    const r = parseBody(planRequest, body);
    const base = `https://sandbox.example/marketplace/${encodeURIComponent(r.publisherId)}/${encodeURIComponent(r.offerId)}/${encodeURIComponent(r.planId)}`;
    return this.store.publish({
      ...r,
      licenseTextLink: r.licenseTextLink ?? `${base}/license.html`,
      privacyPolicyLink: r.privacyPolicyLink ?? `${base}/privacy.html`,
      marketplaceTermsLink: 'https://sandbox.example/marketplace/azure-marketplace-terms.html',
    });
  }

  private find(p: Record<string, string>): TermsOnSubscription {
    const terms = this.store.terms(p.subscriptionId, p.offerType, p.publisherId, p.offerId, p.planId);
    if (!terms)
      throw armError(
        404,
        'ResourceNotFound',
        `Offer with PublisherId: '${p.publisherId}', OfferId: '${p.offerId}' and PlanId: '${p.planId}' not found.`,
      );
    return terms;
  }

  /** AgreementTerms as "Marketplace Agreements - Get" shows it (test/fixtures/azure/marketplace-ordering/get-terms.json). */
  private present(p: Record<string, string>, terms: TermsOnSubscription) {
    const { plan } = terms;
    return {
      id: `/subscriptions/${p.subscriptionId}/providers/Microsoft.MarketplaceOrdering/offerTypes/${p.offerType}/publishers/${plan.publisherId}/offers/${plan.offerId}/plans/${plan.planId}/agreements/current`,
      name: plan.planId,
      type: 'Microsoft.MarketplaceOrdering/offertypes',
      properties: {
        publisher: plan.publisherId,
        product: plan.offerId,
        plan: plan.planId,
        licenseTextLink: plan.licenseTextLink,
        privacyPolicyLink: plan.privacyPolicyLink,
        marketplaceTermsLink: plan.marketplaceTermsLink,
        // When accepted, the acceptance; otherwise the time of this read (the Set example's request body, a Get's echo, carries one with accepted false).
        retrieveDatetime: new Date(terms.acceptedAtMs ?? this.clock.nowMs()).toISOString(),
        signature: plan.signature,
        accepted: terms.accepted,
      },
    };
  }

  /** ARM's checks: a valid Entra token for the management resource (401 otherwise), then the api-version. */
  private async check(req: Request, operation: string): Promise<void> {
    const bearer = /^Bearer\s+(\S+)$/.exec(req.header('authorization') ?? '')?.[1];
    // ARM names a token problem in WWW-Authenticate as well as the body.
    const challenge = () =>
      req.res?.setHeader('www-authenticate', 'Bearer authorization_uri="https://login.microsoftonline.com/", error="invalid_token"');
    if (!bearer) {
      challenge();
      throw armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    }
    const refusal = this.tokens.refusal(bearer, MANAGEMENT_RESOURCE_ID);
    if (refusal) {
      const code = refusal.includes('expired')
        ? 'ExpiredAuthenticationToken'
        : refusal.includes(' is for ')
          ? 'InvalidAuthenticationTokenAudience'
          : 'InvalidAuthenticationToken';
      challenge();
      throw armError(401, code, refusal);
    }
    if (this.faults.take(operation, ['forbidden']))
      throw armError(403, 'AuthorizationFailed', 'Injected fault: the client does not have authorization to perform this action');
    if (req.query['api-version'] !== MARKETPLACE_ORDERING_API_VERSION)
      throw armError(400, 'InvalidApiVersionParameter', `The api-version '${String(req.query['api-version'])}' is invalid.`);
    const fault = this.faults.take(operation, ['throttle', 'error5xx', 'slow']);
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    if (fault?.kind === 'throttle') throw armError(429, 'TooManyRequests', 'Injected fault: throttle');
    if (fault?.kind === 'error5xx') throw armError(500, 'InternalServerError', 'Injected fault: error5xx');
  }
}
