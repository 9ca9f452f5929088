import { Inject, Injectable, Logger } from '@nestjs/common';
import { MarketplaceOrderingAgreements, type AgreementTerms } from '@azure/arm-marketplaceordering';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { isRestError } from '@azure/core-rest-pipeline';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AzureCallError } from './azure-call.error';
import { AZURE_MANAGEMENT_SCOPE, AzureManagementTokenProvider, sandboxCertificate, tokenForCall } from './azure-token.provider';
import type { MarketplaceOrderingApi } from './marketplace-ordering.port';
import { agreementTermsSchema, type MarketplacePlanRef, type MarketplaceTerms } from './marketplace-terms.schemas';

/** A partner waits on the page for these: no call may take longer. */
const TIMEOUT_MS = 10_000;

/**
 * Azure Marketplace Ordering through @azure/arm-marketplaceordering: a
 * deployable plan's terms on a customer's subscription, read and accepted
 * ("Marketplace Agreements - Get" and "- Create" with accepted: true, the
 * terms' signature included, as the REST reference and `az vm image terms
 * accept` do; "Sign" answers without the licence links the product keeps
 * as evidence). Tokens come from the product's Entra credentials for
 * https://management.azure.com; Resource Manager answers 401 to a token it
 * no longer takes, which is renewed once, then reported.
 */
@Injectable()
export class AzureMarketplaceOrderingClient implements MarketplaceOrderingApi {
  private readonly logger = new Logger(AzureMarketplaceOrderingClient.name);
  private certificate: Promise<string | undefined> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: AzureManagementTokenProvider,
  ) {}

  async getTerms(ref: MarketplacePlanRef): Promise<MarketplaceTerms> {
    return this.call(ref, 'get', (client) => client.marketplaceAgreements.get(ref.offerType, ref.publisherId, ref.offerId, ref.planId));
  }

  /** Accepts the terms read just now (their signature names which terms); Azure answers them as accepted. */
  async acceptTerms(ref: MarketplacePlanRef, read: MarketplaceTerms): Promise<MarketplaceTerms> {
    const terms: AgreementTerms = {
      publisher: read.publisherId,
      product: read.offerId,
      plan: read.planId,
      licenseTextLink: read.licenseTextLink ?? undefined,
      privacyPolicyLink: read.privacyPolicyLink ?? undefined,
      marketplaceTermsLink: read.marketplaceTermsLink ?? undefined,
      retrieveDatetime: read.retrieveDatetime?.toISOString(),
      signature: read.signature ?? undefined,
      accepted: true,
    };
    const accepted = await this.call(ref, 'create', (client) =>
      client.marketplaceAgreements.create(ref.offerType, ref.publisherId, ref.offerId, ref.planId, terms),
    );
    if (!accepted.accepted)
      throw new AzureCallError('INVALID_RESPONSE', 200, 'Marketplace Agreements - Create answered the terms as not accepted');
    return accepted;
  }

  private async call(
    ref: MarketplacePlanRef,
    operation: string,
    send: (client: MarketplaceOrderingAgreements) => Promise<AgreementTerms>,
  ): Promise<MarketplaceTerms> {
    let token = await tokenForCall(() => this.tokens.token());
    for (let attempt = 1; ; attempt++) {
      try {
        return this.read(ref, operation, await send(await this.client(ref.subscriptionId, token)));
      } catch (error) {
        if (!isRestError(error)) throw error;
        if (error.statusCode === 401 && attempt === 1) {
          this.logger.warn(`Marketplace Ordering ${operation}: token refused (401); renewing it once`);
          token = await tokenForCall(() => this.tokens.renew(token));
          continue;
        }
        throw this.failure(operation, error.statusCode, error.code, error.message);
      }
    }
  }

  /** One client per call: the subscription is part of the client, and the token is the one this call uses. */
  private async client(subscriptionId: string, token: string): Promise<MarketplaceOrderingAgreements> {
    const credential: TokenCredential = {
      // Renewal is AzureManagementTokenProvider's: the SDK is told the token is due, so it asks again on every request.
      getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() }),
    };
    const ca = await this.sandboxCa();
    const { url } = this.config.azureResourceManager;
    return new MarketplaceOrderingAgreements(credential, subscriptionId, {
      endpoint: url,
      $host: url,
      // Not the endpoint's own /.default: the sandbox stands in for management.azure.com, and Entra issues tokens for that.
      credentialScopes: AZURE_MANAGEMENT_SCOPE,
      retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
      ...(ca ? { tlsOptions: { ca } } : {}),
      additionalPolicies: [
        {
          position: 'perCall',
          policy: {
            name: 'bridgeTimeout',
            sendRequest: (request, next) => {
              request.timeout = TIMEOUT_MS;
              return next(request);
            },
          },
        },
      ],
    });
  }

  private sandboxCa(): Promise<string | undefined> {
    const url = this.config.azureResourceManager.sandboxCertificateUrl;
    if (!url) return Promise.resolve(undefined);
    this.certificate ??= sandboxCertificate(url).catch((error: unknown) => {
      this.certificate = null;
      throw new AzureCallError('CREDENTIALS', null, (error as Error).message);
    });
    return this.certificate;
  }

  private read(ref: MarketplacePlanRef, operation: string, terms: AgreementTerms): MarketplaceTerms {
    const parsed = agreementTermsSchema.safeParse(terms);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AzureCallError(
        'INVALID_RESPONSE',
        200,
        `Marketplace Ordering ${operation}: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'unexpected body'}`,
        terms,
      );
    }
    const t = parsed.data;
    const at = t.retrieveDatetime === undefined ? null : new Date(t.retrieveDatetime);
    const retrieved = at && !Number.isNaN(at.getTime()) ? at : null;
    return {
      subscriptionId: ref.subscriptionId,
      offerType: ref.offerType,
      agreementId: t.id,
      publisherId: t.publisher,
      offerId: t.product,
      planId: t.plan,
      licenseTextLink: t.licenseTextLink ?? null,
      privacyPolicyLink: t.privacyPolicyLink ?? null,
      marketplaceTermsLink: t.marketplaceTermsLink ?? null,
      signature: t.signature ?? null,
      accepted: t.accepted,
      retrieveDatetime: retrieved,
      acceptedAt: t.accepted ? retrieved : null,
    };
  }

  private failure(operation: string, status: number | undefined, code: string | undefined, message: string): AzureCallError {
    const detail = `Marketplace Ordering ${operation}: ${code ? `${code}: ` : ''}${message.slice(0, 300)}`;
    if (status === 401) return new AzureCallError('CREDENTIALS', status, `a freshly issued token was refused too: ${detail}`);
    if (status === 404) return new AzureCallError('NOT_FOUND', status, detail);
    if (status === 409) return new AzureCallError('CONFLICT', status, detail);
    if (status === 400) return new AzureCallError('BAD_REQUEST', status, detail);
    if (status === undefined || status === 429 || status >= 500) return new AzureCallError('RETRYABLE', status ?? null, detail);
    return new AzureCallError('PERMANENT', status, detail);
  }
}
