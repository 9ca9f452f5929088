import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientSecretCredential, type AccessToken } from '@azure/identity';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AzureCallError } from './azure-call.error';

/** The Azure Marketplace APIs' application id: SaaS Fulfillment v2 and metering tokens are for this resource. */
export const AZURE_MARKETPLACE_RESOURCE = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';
/** Azure Resource Manager: Marketplace Ordering (a deployed plan's terms) takes tokens for this resource. */
export const AZURE_MANAGEMENT_SCOPE = 'https://management.azure.com/.default';
/** Renew this long before expiry (MSAL's own margin), or halfway through a token shorter-lived than twice that. */
const RENEW_BEFORE_MS = 5 * 60_000;

export class AzureTokenError extends Error {
  constructor(detail: string) {
    super(`Microsoft Entra ID refused or could not issue the marketplace token: ${detail}`);
    this.name = 'AzureTokenError';
  }
}

interface CachedToken {
  token: string;
  renewAtMs: number;
}

/**
 * Entra ID access tokens for the Azure Marketplace APIs, by the client
 * credentials grant (`ClientSecretCredential` of @azure/identity, at the
 * configured authority host). One token is shared by every call of this
 * process and renewed before it expires; `renew()` drops it and asks Entra
 * for a new one (a refused token), and concurrent callers share one request.
 */
@Injectable()
export class AzureTokenProvider {
  private readonly logger = new Logger(AzureTokenProvider.name);
  private cached: CachedToken | null = null;
  private pending: Promise<CachedToken> | null = null;
  private credential: ClientSecretCredential | null = null;
  /** The resource the tokens are for (one token per resource: Entra issues a token for one audience). */
  protected readonly scope: string = `${AZURE_MARKETPLACE_RESOURCE}/.default`;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAtMs) return this.cached.token;
    return (await this.fetch(false)).token;
  }

  /**
   * A fresh token, after the marketplace refused the cached one. MSAL would
   * hand back its own cached copy of the refused token, so a new credential
   * (with an empty cache) asks Entra again.
   */
  async renew(refused: string): Promise<string> {
    if (this.cached && this.cached.token !== refused && Date.now() < this.cached.renewAtMs) return this.cached.token;
    return (await this.fetch(true)).token;
  }

  private fetch(fresh: boolean): Promise<CachedToken> {
    this.pending ??= this.request(fresh).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async request(fresh: boolean): Promise<CachedToken> {
    let access: AccessToken;
    try {
      if (fresh || !this.credential) this.credential = await this.createCredential();
      access = await this.credential.getToken(this.scope);
    } catch (error) {
      if (error instanceof AzureTokenError) throw error;
      this.cached = null;
      throw new AzureTokenError((error as Error).message.split('\n')[0]);
    }
    const now = Date.now();
    const lifetime = Math.max(0, access.expiresOnTimestamp - now);
    const renewAtMs = access.expiresOnTimestamp - Math.min(RENEW_BEFORE_MS, lifetime / 2);
    this.cached = { token: access.token, renewAtMs };
    this.logger.debug(`token for ${this.scope} acquired, valid for ${Math.round(lifetime / 1000)} s`);
    return this.cached;
  }

  private async createCredential(): Promise<ClientSecretCredential> {
    const settings = this.config.azureCredentials;
    const ca = settings.sandboxCertificateUrl ? await sandboxCertificate(settings.sandboxCertificateUrl) : undefined;
    return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
      authorityHost: settings.authorityHost,
      // Entra's own hosts are known to MSAL; any other authority (a sovereign cloud's, the sandbox's) is named as trusted.
      disableInstanceDiscovery: settings.authorityHost !== 'https://login.microsoftonline.com',
      ...(ca ? { tlsOptions: { ca } } : {}),
      retryOptions: { maxRetries: 2 },
    });
  }
}

/** A token for a call, or the call's credentials failure: Entra would not issue one (reported, not retried). */
export async function tokenForCall(get: () => Promise<string>): Promise<string> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof AzureTokenError) throw new AzureCallError('CREDENTIALS', null, error.message);
    throw error;
  }
}

/**
 * The same credentials' tokens for Azure Resource Manager (Marketplace
 * Ordering), cached and renewed like the marketplace's, apart from them.
 */
@Injectable()
export class AzureManagementTokenProvider extends AzureTokenProvider {
  protected override readonly scope = AZURE_MANAGEMENT_SCOPE;
}

/** The sandbox presents a self-signed certificate on its HTTPS port, trusted for it alone (never with MARKETPLACE_TARGET=cloud). */
export async function sandboxCertificate(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = z.object({ certificatePem: z.string().startsWith('-----BEGIN CERTIFICATE-----') }).parse(await response.json());
    return body.certificatePem;
  } catch (error) {
    throw new AzureTokenError(`the sandbox's Entra certificate could not be read from ${url}: ${(error as Error).message}`);
  }
}
