import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';

/**
 * How long the x-amzn-marketplace-token from the registration page can be
 * resolved (seller guide, "Configuring your SaaS product to accept new
 * buyers": four hours, the same answer every time while valid).
 */
export const REGISTRATION_TOKEN_TTL_MS = 4 * 3_600_000;

export interface IssuedToken {
  token: string;
  licenseArn: string;
  expiresAt: Date;
}

/**
 * Tokens the buyer's browser posts to the seller's registration page: one
 * issued with each purchase, more on demand (a buyer reopening the page).
 */
@Injectable()
export class RegistrationTokenStore implements ResettableState {
  private tokens = new Map<string, IssuedToken>();

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  /**
   * An opaque token in the standard base64 alphabet with padding, so its
   * `+`, `/` and `=` must be form-decoded before ResolveCustomer, as a real
   * one must. `expired` issues one whose four hours are already over.
   */
  issue(licenseArn: string, options: { expired?: boolean } = {}): IssuedToken {
    const token = randomBytes(46).toString('base64');
    const now = this.clock.nowMs();
    const issued = { token, licenseArn, expiresAt: new Date(options.expired ? now : now + REGISTRATION_TOKEN_TTL_MS) };
    this.tokens.set(token, issued);
    return issued;
  }

  /** The first token issued for a licence: the one its purchase sent the buyer's browser with. */
  issuedWithPurchase(licenseArn: string): IssuedToken | undefined {
    for (const issued of this.tokens.values()) if (issued.licenseArn === licenseArn) return issued;
    return undefined;
  }

  lookup(token: string): { licenseArn: string; expired: boolean } | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    return { licenseArn: entry.licenseArn, expired: this.clock.nowMs() >= entry.expiresAt.getTime() };
  }

  reset(): void {
    this.tokens = new Map();
  }
}
