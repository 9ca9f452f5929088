import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientSecretCredential, type AccessToken } from '@azure/identity';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AzureCallError } from './azure-call.error';

/** The Azure Marketplace APIs' application id: SaaS Fulfillment v2 and metering tokens are for this resource. */
export const AZURE_MARKETPLACE_RESOURCE = '20e940b3-4c77-4b0b-9a53-9e16a1b010a7';
/** The Product Ingestion API is served under Microsoft Graph: its tokens are Graph's. */
export const AZURE_PRODUCT_INGESTION_RESOURCE = 'https://graph.microsoft.com';
/** Azure Resource Manager: Marketplace Ordering (a deployed plan's terms) takes tokens for this resource. */
export const AZURE_MANAGEMENT_RESOURCE = 'https://management.azure.com';
export const AZURE_MANAGEMENT_SCOPE = `${AZURE_MANAGEMENT_RESOURCE}/.default`;
export type AzureTokenResource =
  | typeof AZURE_MARKETPLACE_RESOURCE
  | typeof AZURE_PRODUCT_INGESTION_RESOURCE
  | typeof AZURE_MANAGEMENT_RESOURCE;
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
  /** One cached token (and one request in flight) per resource: a Graph token is no good for the marketplace APIs. */
  private readonly cache = new Map<AzureTokenResource, CachedToken>();
  private readonly pending = new Map<AzureTokenResource, Promise<CachedToken>>();
  private credential: ClientSecretCredential | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async token(resource: AzureTokenResource = AZURE_MARKETPLACE_RESOURCE): Promise<string> {
    const cached = this.cache.get(resource);
    if (cached && Date.now() < cached.renewAtMs) return cached.token;
    return (await this.fetch(resource, false)).token;
  }

  /**
   * A fresh token, after the marketplace refused the cached one. MSAL would
   * hand back its own cached copy of the refused token, so a new credential
   * (with an empty cache) asks Entra again.
   */
  async renew(refused: string, resource: AzureTokenResource = AZURE_MARKETPLACE_RESOURCE): Promise<string> {
    const cached = this.cache.get(resource);
    if (cached && cached.token !== refused && Date.now() < cached.renewAtMs) return cached.token;
    return (await this.fetch(resource, true)).token;
  }

  private fetch(resource: AzureTokenResource, fresh: boolean): Promise<CachedToken> {
    let pending = this.pending.get(resource);
    if (!pending) {
      pending = this.request(resource, fresh).finally(() => this.pending.delete(resource));
      this.pending.set(resource, pending);
    }
    return pending;
  }

  private async request(resource: AzureTokenResource, fresh: boolean): Promise<CachedToken> {
    let access: AccessToken;
    try {
      if (fresh || !this.credential) this.credential = await this.createCredential();
      access = await this.credential.getToken(`${resource}/.default`);
    } catch (error) {
      if (error instanceof AzureTokenError) throw error;
      this.cache.delete(resource);
      throw new AzureTokenError((error as Error).message.split('\n')[0]);
    }
    const now = Date.now();
    const lifetime = Math.max(0, access.expiresOnTimestamp - now);
    const renewAtMs = access.expiresOnTimestamp - Math.min(RENEW_BEFORE_MS, lifetime / 2);
    const cached = { token: access.token, renewAtMs };
    this.cache.set(resource, cached);
    this.logger.debug(`token for ${resource} acquired, valid for ${Math.round(lifetime / 1000)} s`);
    return cached;
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
 * Ordering), from the one cache, renewed like the marketplace's.
 */
@Injectable()
export class AzureManagementTokenProvider {
  constructor(private readonly tokens: AzureTokenProvider) {}

  token(): Promise<string> {
    return this.tokens.token(AZURE_MANAGEMENT_RESOURCE);
  }

  renew(refused: string): Promise<string> {
    return this.tokens.renew(refused, AZURE_MANAGEMENT_RESOURCE);
  }
}

/** The sandbox's Entra stand-in presents a self-signed certificate, trusted for it alone (never with MARKETPLACE_TARGET=cloud). */
export async function sandboxCertificate(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = z.object({ certificatePem: z.string().startsWith('-----BEGIN CERTIFICATE-----') }).parse(await response.json());
    return body.certificatePem;
  } catch (error) {
    throw new AzureTokenError(`the sandbox's Entra certificate could not be read from ${url}: ${(error as Error).message}`);
  }
}
