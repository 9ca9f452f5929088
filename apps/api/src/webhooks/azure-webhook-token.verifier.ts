import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { ApiError } from '../http/api-error';

/** Clock difference tolerated between Entra ID and this host. */
const CLOCK_SKEW_SECONDS = 300;
/** The signing keys (JWKS): fetched within 5 s, kept an hour; an unknown kid refetches them, but not more often than once a minute, so forged kids cannot make us hammer the endpoint. */
const JWKS_OPTIONS = { timeoutDuration: 5000, cacheMaxAge: 3_600_000, cooldownDuration: 60_000 };

export interface AzureWebhookClaims {
  iss: string;
  aud: string | string[];
  exp: number;
  tid?: string;
  appid?: string;
  azp?: string;
}

/**
 * Validates the bearer token of an Azure SaaS webhook call with `jose`:
 * RS256 only, signed by a key (named by kid) of the configured JWKS, from the
 * configured issuer, for the configured audience, not expired nor not yet
 * valid (5 minutes' skew), and issued to Microsoft's marketplace application.
 */
@Injectable()
export class AzureWebhookTokenVerifier {
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const settings = config.azureWebhookTokens;
    this.jwks = settings ? createRemoteJWKSet(new URL(settings.jwksUrl), JWKS_OPTIONS) : null;
  }

  async verify(token: string): Promise<AzureWebhookClaims> {
    const settings = this.config.azureWebhookTokens;
    const jwks = this.jwks;
    if (!settings || !jwks)
      throw refused('no Azure webhook issuer is configured for this deployment (AZURE_WEBHOOK_ISSUER, AZURE_WEBHOOK_AUDIENCE)');
    // jose picks the key by kid among the set's RSA signing keys; a token without a kid would match any lone key, so it is refused here.
    const key: JWTVerifyGetKey = async (header, jws) => {
      if (typeof header.kid !== 'string') throw refused('names no signing key (kid)');
      try {
        return await jwks(header, jws);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
          throw refused('signed by an unknown key');
        const reason = `signing keys could not be fetched: ${(error as Error).message}`;
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, reason, [{ field: 'Authorization', reason }]);
      }
    };
    let claims: Partial<AzureWebhookClaims>;
    try {
      ({ payload: claims } = await jwtVerify<Partial<AzureWebhookClaims>>(token, key, {
        algorithms: ['RS256'],
        issuer: settings.issuer,
        audience: settings.audience,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      throw error instanceof ApiError ? error : refused(reasonFor(error));
    }
    if ((claims.appid ?? claims.azp) !== settings.appId) throw refused('not issued to the Azure Marketplace application');
    return claims as AzureWebhookClaims;
  }
}

const refused = (reason: string) => ApiError.field(HttpStatus.UNAUTHORIZED, 'Authorization', `bearer token refused: ${reason}`);

/** The refusal reasons callers have always been given, from jose's errors. */
function reasonFor(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'must be signed with RS256';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issued by an unexpected issuer';
    if (error.claim === 'aud') return 'not issued for this publisher (audience)';
    if (error.claim === 'exp') return 'expired';
    if (error.claim === 'nbf') return 'not valid yet';
    return `invalid "${error.claim}" claim`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'not a JWT';
  return (error as Error).message;
}
