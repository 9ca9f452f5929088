import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';

/** The application id of the Azure Marketplace APIs, the resource their tokens are for. */
export const MARKETPLACE_RESOURCE_ID = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';
/** Azure Resource Manager, the resource Marketplace Ordering's tokens are for. */
export const MANAGEMENT_RESOURCE_ID = 'https://management.azure.com';
/** Microsoft Graph, the resource of Product Ingestion API tokens. */
export const GRAPH_RESOURCE_ID = 'https://graph.microsoft.com';
/** Entra's usual access-token lifetime, as its token responses report it (expires_in). */
const DEFAULT_LIFETIME_SECONDS = 3599;

interface IssuedToken {
  clientId: string;
  tenantId: string;
  resource: string;
  expiresAtMs: number;
}

/**
 * Access tokens the sandbox's Entra stand-in issued, and until when (by the
 * sandbox clock, so moving the clock ages them like real time would). The
 * Azure APIs accept only these, for their resource, unexpired.
 */
@Injectable()
export class EntraTokenStore implements ResettableState {
  private tokens = new Map<string, IssuedToken>();
  private lifetimeSeconds = DEFAULT_LIFETIME_SECONDS;
  private issuedCount = 0;

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  issue(clientId: string, tenantId: string, resource: string): { token: string; expiresIn: number } {
    const token = `sandbox-entra.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { clientId, tenantId, resource, expiresAtMs: this.clock.nowMs() + this.lifetimeSeconds * 1000 });
    this.issuedCount += 1;
    return { token, expiresIn: this.lifetimeSeconds };
  }

  /** Why a bearer token is refused for `resource`, or null when it is good. */
  refusal(token: string, resource: string): string | null {
    const issued = this.tokens.get(token);
    if (!issued) return 'The access token was not issued by Microsoft Entra ID';
    if (issued.resource !== resource) return `The access token is for ${issued.resource}, not ${resource}`;
    if (this.clock.nowMs() >= issued.expiresAtMs) return 'The access token has expired';
    return null;
  }

  /** Tests shorten token lives to watch the product renew them. */
  setLifetime(seconds: number): void {
    this.lifetimeSeconds = seconds;
  }

  stats(): { issued: number; lifetimeSeconds: number } {
    return { issued: this.issuedCount, lifetimeSeconds: this.lifetimeSeconds };
  }

  /** Tokens outlive a reset, as Entra is not the marketplace: a product's cached token stays good. */
  reset(): void {
    this.lifetimeSeconds = DEFAULT_LIFETIME_SECONDS;
    this.issuedCount = 0;
  }
}
