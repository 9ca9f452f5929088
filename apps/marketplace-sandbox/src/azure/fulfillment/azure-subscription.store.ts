import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import type { AzureOffer, SaasOperation, SaasSubscription } from './azure-subscription.types';

/** The x-ms-marketplace-token the landing page receives is valid for 24 hours. */
const TOKEN_TTL_MS = 24 * 3_600_000;

/** Azure SaaS offers, subscriptions, landing-page tokens and operations. */
@Injectable()
export class AzureSubscriptionStore implements ResettableState {
  private offers = new Map<string, AzureOffer>();
  private subscriptions = new Map<string, SaasSubscription>();
  private tokens = new Map<string, { subscriptionId: string; expiresAt: number }>();
  private operations = new Map<string, SaasOperation>();

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  putOffer(offer: AzureOffer): void {
    this.offers.set(offer.offerId, offer);
  }

  offer(offerId: string): AzureOffer | undefined {
    return this.offers.get(offerId);
  }

  allOffers(): AzureOffer[] {
    return [...this.offers.values()];
  }

  save(subscription: SaasSubscription): void {
    this.subscriptions.set(subscription.id, subscription);
  }

  get(id: string): SaasSubscription | undefined {
    return this.subscriptions.get(id);
  }

  all(): SaasSubscription[] {
    return [...this.subscriptions.values()];
  }

  mintToken(subscriptionId: string): string {
    const token = randomBytes(64).toString('base64');
    this.tokens.set(token, { subscriptionId, expiresAt: this.clock.nowMs() + TOKEN_TTL_MS });
    return token;
  }

  resolveToken(token: string): string | undefined {
    const entry = this.tokens.get(token);
    return entry && this.clock.nowMs() < entry.expiresAt ? entry.subscriptionId : undefined;
  }

  saveOperation(operation: SaasOperation): void {
    this.operations.set(operation.id, operation);
  }

  operation(subscriptionId: string, operationId: string): SaasOperation | undefined {
    const op = this.operations.get(operationId);
    return op?.subscriptionId === subscriptionId ? op : undefined;
  }

  reset(): void {
    this.offers = new Map();
    this.subscriptions = new Map();
    this.tokens = new Map();
    this.operations = new Map();
  }
}
