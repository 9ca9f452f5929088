import { verify, type KeyObject } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { ApiError } from '../http/api-error';
import { JwksCache, KeySetUnavailableError } from './jwks.cache';

/** Clock difference tolerated between Entra ID and this host. */
const CLOCK_SKEW_SECONDS = 300;

export interface AzureWebhookClaims {
  iss: string;
  aud: string | string[];
  exp: number;
  tid?: string;
  appid?: string;
  azp?: string;
}

/**
 * Validates the bearer token of an Azure SaaS webhook call: RS256 only,
 * signed by a key of the configured JWKS, from the configured issuer, for
 * the configured audience, from Microsoft's marketplace application, and
 * not expired. node:crypto only.
 */
@Injectable()
export class AzureWebhookTokenVerifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwks: JwksCache,
  ) {}

  async verify(token: string, now = Date.now()): Promise<AzureWebhookClaims> {
    const settings = this.config.azureWebhookTokens;
    if (!settings) throw refused('no Azure webhook issuer is configured for this deployment (AZURE_WEBHOOK_ISSUER, AZURE_WEBHOOK_AUDIENCE)');
    const parts = token.split('.');
    if (parts.length !== 3) throw refused('not a JWT');
    const header = decodeSegment(parts[0]) as { alg?: unknown; kid?: unknown } | null;
    const claims = decodeSegment(parts[1]) as Partial<AzureWebhookClaims> & { nbf?: unknown } | null;
    if (!header || !claims) throw refused('not a JWT');
    if (header.alg !== 'RS256') throw refused('must be signed with RS256');
    if (typeof header.kid !== 'string') throw refused('names no signing key (kid)');
    let key;
    try {
      key = await this.jwks.key(settings.jwksUrl, header.kid, now);
    } catch (error) {
      if (error instanceof KeySetUnavailableError) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, error.message, [{ field: 'Authorization', reason: error.message }]);
      throw error;
    }
    if (!key) throw refused('signed by an unknown key');
    if (!verifies(`${parts[0]}.${parts[1]}`, parts[2], key)) throw refused('signature does not verify');
    const seconds = now / 1000;
    if (claims.iss !== settings.issuer) throw refused('issued by an unexpected issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(settings.audience)) throw refused('not issued for this publisher (audience)');
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < seconds) throw refused('expired');
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > seconds) throw refused('not valid yet');
    if ((claims.appid ?? claims.azp) !== settings.appId) throw refused('not issued to the Azure Marketplace application');
    return claims as AzureWebhookClaims;
  }
}

const refused = (reason: string) => ApiError.field(HttpStatus.UNAUTHORIZED, 'Authorization', `bearer token refused: ${reason}`);

function verifies(signingInput: string, signature: string, key: KeyObject): boolean {
  try {
    return verify('RSA-SHA256', Buffer.from(signingInput), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
