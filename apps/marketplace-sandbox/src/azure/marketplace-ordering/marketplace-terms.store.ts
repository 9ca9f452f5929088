import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';

/** A deployable (virtual machine or managed application) plan whose terms a customer must accept before deploying it. */
export interface MarketplacePlanTerms {
  publisherId: string;
  offerId: string;
  planId: string;
  licenseTextLink: string;
  privacyPolicyLink: string;
  marketplaceTermsLink: string;
  /** Changes when the publisher publishes new terms: an acceptance names the terms it accepted. */
  signature: string;
}

export interface TermsOnSubscription {
  plan: MarketplacePlanTerms;
  accepted: boolean;
  /** When the terms were accepted on this subscription, or null. */
  acceptedAtMs: number | null;
}

const key = (publisherId: string, offerId: string, planId: string) => `${publisherId}/${offerId}/${planId}`.toLowerCase();

/**
 * Marketplace Ordering's state: the terms of each deployable plan, and which
 * Azure subscriptions accepted them (per offer type, as the resource path
 * has it). Publisher, offer and plan ids compare case-insensitively, as ARM
 * resource names do.
 */
@Injectable()
export class MarketplaceTermsStore implements ResettableState {
  private plans = new Map<string, MarketplacePlanTerms>();
  private acceptances = new Map<string, number>();

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  publish(plan: Omit<MarketplacePlanTerms, 'signature'>): MarketplacePlanTerms {
    const terms = { ...plan, signature: randomBytes(16).toString('hex').toUpperCase() };
    this.plans.set(key(plan.publisherId, plan.offerId, plan.planId), terms);
    return terms;
  }

  terms(subscriptionId: string, offerType: string, publisherId: string, offerId: string, planId: string): TermsOnSubscription | null {
    const plan = this.plans.get(key(publisherId, offerId, planId));
    if (!plan) return null;
    const acceptedAtMs = this.acceptances.get(this.acceptanceKey(subscriptionId, offerType, plan)) ?? null;
    return { plan, accepted: acceptedAtMs !== null, acceptedAtMs };
  }

  /** Accepting again keeps the first acceptance's time; revoking forgets it. */
  setAccepted(subscriptionId: string, offerType: string, plan: MarketplacePlanTerms, accepted: boolean): void {
    const at = this.acceptanceKey(subscriptionId, offerType, plan);
    if (!accepted) this.acceptances.delete(at);
    else if (!this.acceptances.has(at)) this.acceptances.set(at, this.clock.nowMs());
  }

  private acceptanceKey(subscriptionId: string, offerType: string, plan: MarketplacePlanTerms): string {
    return `${subscriptionId.toLowerCase()}|${offerType.toLowerCase()}|${key(plan.publisherId, plan.offerId, plan.planId)}`;
  }

  reset(): void {
    this.plans.clear();
    this.acceptances.clear();
  }
}
