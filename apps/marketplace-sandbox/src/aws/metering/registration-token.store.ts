import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';

/** How long the x-amzn-marketplace-token from the registration page can be resolved. */
export const REGISTRATION_TOKEN_TTL_MS = 24 * 3_600_000;

/** Tokens the buyer's browser would POST to the seller's registration page. */
@Injectable()
export class RegistrationTokenStore implements ResettableState {
  private tokens = new Map<string, { licenseArn: string; expiresAt: number }>();

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  mint(licenseArn: string): { token: string; expiresAt: string } {
    const token = randomBytes(48).toString('base64url');
    const expiresAt = this.clock.nowMs() + REGISTRATION_TOKEN_TTL_MS;
    this.tokens.set(token, { licenseArn, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  lookup(token: string): { licenseArn: string; expired: boolean } | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    return { licenseArn: entry.licenseArn, expired: this.clock.nowMs() >= entry.expiresAt };
  }

  reset(): void {
    this.tokens = new Map();
  }
}
