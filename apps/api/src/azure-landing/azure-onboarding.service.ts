import { Inject, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox } from '@bridge/database';
import {
  AZURE_LANDING_SOURCE,
  AzureCallError,
  SAAS_FULFILLMENT_API,
  type ResolvedSubscription,
  type SaasFulfillmentApi,
} from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { AzureOnboardingRepository } from './azure-onboarding.repository';
import { UNIDENTIFIED_PURCHASE } from './azure-landing.page';

export type LandingOutcome =
  | { kind: 'confirm'; resolved: ResolvedSubscription; offerTitle: string | null }
  | { kind: 'activated'; resolved: ResolvedSubscription; offerTitle: string | null; already: boolean }
  | { kind: 'refused'; status: number; title: string; why: string };

/**
 * The SaaS landing page's work. The token is the only thing the browser
 * brings, and it proves nothing until Microsoft resolves it; what the buyer
 * bought, and its state, is Microsoft's answer. Activation is the one call
 * that changes Microsoft's side (billing starts); the product's records
 * (customer, metering, the agreement via the attribution bridge) follow it
 * and are idempotent, so a replayed token completes what a crash left
 * undone and otherwise changes nothing.
 */
@Injectable()
export class AzureOnboardingService {
  private readonly logger = new Logger(AzureOnboardingService.name);

  constructor(
    @Inject(SAAS_FULFILLMENT_API) private readonly fulfillment: SaasFulfillmentApi,
    private readonly repository: AzureOnboardingRepository,
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
  ) {}

  /** GET: what the token stands for, and whether there is anything to activate. Changes nothing. */
  async preview(token: string): Promise<LandingOutcome> {
    const answer = await this.resolve(token);
    if (!answer.ok) return answer.refused;
    const { resolved } = answer;
    const offerTitle = await this.repository.offerTitle(resolved.offerId);
    const status = resolved.subscription.saasSubscriptionStatus;
    if (status === 'PendingFulfillmentStart') return { kind: 'confirm', resolved, offerTitle };
    if (status === 'Subscribed' || status === 'Suspended') return { kind: 'activated', resolved, offerTitle, already: true };
    return ended(status);
  }

  /** POST: activates the purchase Microsoft resolves the token to, then records it. */
  async activate(token: string): Promise<LandingOutcome> {
    const answer = await this.resolve(token);
    if (!answer.ok) return answer.refused;
    const { resolved } = answer;
    const offerTitle = await this.repository.offerTitle(resolved.offerId);
    const status = resolved.subscription.saasSubscriptionStatus;
    if (status !== 'PendingFulfillmentStart' && status !== 'Subscribed' && status !== 'Suspended') return ended(status);
    const already = status !== 'PendingFulfillmentStart';
    if (!already) {
      try {
        await this.fulfillment.activate(resolved.id, resolved.planId, resolved.quantity);
      } catch (error) {
        if (!(error instanceof AzureCallError)) throw error;
        this.logger.error(`activating Azure subscription ${resolved.id} failed: ${error.message}`);
        return unreachable();
      }
      this.logger.log(`Azure subscription ${resolved.id} (${resolved.offerId}/${resolved.planId}) activated from the landing page`);
    }
    await this.record(resolved);
    return { kind: 'activated', resolved, offerTitle, already };
  }

  private async record(resolved: ResolvedSubscription): Promise<void> {
    const s = resolved.subscription;
    const tenantId = s.beneficiary?.tenantId;
    if (tenantId) await this.repository.customerForTenant(tenantId, customerNameOf(s.beneficiary?.emailId, tenantId));
    await this.repository.registerMetering({
      subscriptionId: resolved.id,
      offerId: resolved.offerId,
      planId: resolved.planId,
      startedAt: new Date(),
    });
    // The agreement (value, partner credit, MACC) is the attribution bridge's: it reads the subscription back itself.
    const stored = await this.inbox.receive({
      cloud: 'AZURE',
      externalId: `activated-${resolved.id}`,
      source: AZURE_LANDING_SOURCE,
      detailType: 'Activated',
      payload: { subscriptionId: resolved.id, offerId: resolved.offerId, planId: resolved.planId },
    });
    await this.jobs.enqueue('marketplace-event.received', { eventId: stored.id }).catch((error: Error) => {
      this.logger.warn(`activation of ${resolved.id} stored; its agreement is left to the sweep: ${error.message}`);
    });
  }

  private async resolve(token: string): Promise<{ ok: true; resolved: ResolvedSubscription } | { ok: false; refused: LandingOutcome }> {
    try {
      return { ok: true, resolved: await this.fulfillment.resolve(token) };
    } catch (error) {
      if (!(error instanceof AzureCallError)) throw error;
      // 400: "x-ms-marketplace-token is missing, malformed, invalid, or expired"; a 404 says the same of the purchase.
      if (error.kind === 'BAD_REQUEST' || error.kind === 'NOT_FOUND')
        return {
          ok: false,
          refused: {
            kind: 'refused',
            status: HttpStatus.BAD_REQUEST,
            title: 'We couldn\u2019t identify this purchase',
            why: UNIDENTIFIED_PURCHASE,
          },
        };
      this.logger.error(`resolving an Azure landing-page token failed: ${error.message}`);
      return { ok: false, refused: unreachable() };
    }
  }
}

function ended(status: string): LandingOutcome {
  return {
    kind: 'refused',
    status: HttpStatus.CONFLICT,
    title: 'This subscription has ended',
    why: `Microsoft reports this subscription as ${status}: it cannot be activated. Buy the offer again in the Azure portal to subscribe.`,
  };
}

function unreachable(): LandingOutcome {
  return {
    kind: 'refused',
    status: HttpStatus.SERVICE_UNAVAILABLE,
    title: 'Activation not finished',
    why: 'Microsoft could not be reached to confirm your purchase. Nothing was changed; please reload this page in a few minutes.',
  };
}

/** The buyer's organisation as the marketplace shows it: the domain of the beneficiary's email. */
function customerNameOf(email: string | undefined, tenantId: string): string {
  const domain = email?.split('@')[1]?.trim();
  return domain ? domain : `Azure tenant ${tenantId}`;
}
