import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { APP_CONFIG, currentCorrelationId, type AppConfig } from '@bridge/config';
import { AzureCallError } from './azure-call.error';
import { AZURE_MARKETPLACE_RESOURCE, AZURE_PRODUCT_INGESTION_RESOURCE, AzureTokenProvider, tokenForCall } from './azure-token.provider';

/** Every Azure Marketplace API the product calls (SaaS Fulfillment v2, metering) takes this version. */
export const AZURE_MARKETPLACE_API_VERSION = '2018-08-31';
/** Microsoft expects a webhook answered within seconds, and a landing page should not hang: no call may take longer. */
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Which Azure API a call is for: the marketplace APIs (SaaS Fulfillment v2,
 * metering: `api-version`, marketplace token) or the Product Ingestion API
 * (under Microsoft Graph: `$version` of the schema, Graph token).
 */
export type AzureApi = 'marketplace' | { productIngestion: { version: string } };

export interface AzureRequest<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Default: the marketplace APIs. */
  api?: AzureApi;
  /** Path under the marketplace API base, e.g. /api/saas/subscriptions/resolve. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** What a 2xx body must be (the documented response); omitted when the documented answer has no body. */
  schema?: z.ZodType<T>;
  /** Follows one piece of work across its calls (x-ms-correlationid); the current log correlation id, or a new one, when omitted. */
  correlationId?: string;
  timeoutMs?: number;
}

export interface AzureResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  requestId: string;
}

/**
 * The one way the product calls the Azure Marketplace APIs: an Entra bearer
 * token from AzureTokenProvider (renewed once if the marketplace refuses it),
 * api-version, x-ms-requestid and x-ms-correlationid on every call, a
 * timeout, and the 2xx body validated against its documented shape. Failures
 * come back as AzureCallError, by kind.
 */
@Injectable()
export class AzureHttpClient {
  private readonly logger = new Logger(AzureHttpClient.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: AzureTokenProvider,
  ) {}

  async call<T = undefined>(request: AzureRequest<T>): Promise<AzureResponse<T>> {
    // The id that follows this piece of work from webhook to job (the logs' correlationId), so Microsoft's side can be matched to ours.
    const correlationId = request.correlationId ?? currentCorrelationId() ?? randomUUID();
    const resource = request.api && request.api !== 'marketplace' ? AZURE_PRODUCT_INGESTION_RESOURCE : AZURE_MARKETPLACE_RESOURCE;
    let token = await tokenForCall(() => this.tokens.token(resource));
    let response = await this.send(request, token, correlationId);
    // Entra tokens expire or are revoked; the APIs document 403 for an "invalid, expired" token, and 401 is seen too.
    if (response.status === 401 || response.status === 403) {
      this.logger.warn(`${request.method} ${request.path}: token refused (${response.status}); renewing it once`);
      token = await tokenForCall(() => this.tokens.renew(token, resource));
      response = await this.send(request, token, correlationId);
      if (response.status === 401 || response.status === 403) {
        const detail = `a freshly issued token was refused too (${response.status}): ${response.text.slice(0, 300)}`;
        this.logger.error(
          `${request.method} ${request.path}: ${detail}; check AZURE_TENANT_ID, AZURE_CLIENT_ID and the offer's technical configuration`,
        );
        throw new AzureCallError('CREDENTIALS', response.status, detail, parseJson(response.text));
      }
    }
    return this.interpret(request, response);
  }

  private async send(request: AzureRequest<unknown>, token: string, correlationId: string) {
    const requestId = randomUUID();
    const [base, version] =
      request.api && request.api !== 'marketplace'
        ? [this.config.azureProductIngestionUrl, `$version=${request.api.productIngestion.version}`]
        : [this.config.azureMarketplaceUrl, `api-version=${AZURE_MARKETPLACE_API_VERSION}`];
    const url = `${base}${request.path}${request.path.includes('?') ? '&' : '?'}${version}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-ms-requestid': requestId,
          'x-ms-correlationid': correlationId,
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AzureCallError('RETRYABLE', null, `${request.method} ${request.path}: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    return { status: response.status, headers: response.headers, text, requestId };
  }

  private interpret<T>(
    request: AzureRequest<T>,
    response: { status: number; headers: Headers; text: string; requestId: string },
  ): AzureResponse<T> {
    const { status, text } = response;
    const body = parseJson(text);
    if (status >= 200 && status < 300) {
      if (!request.schema) return { status, headers: response.headers, body: undefined as T, requestId: response.requestId };
      const parsed = request.schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AzureCallError(
          'INVALID_RESPONSE',
          status,
          `${request.method} ${request.path}: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected body'}`,
          body,
        );
      }
      return { status, headers: response.headers, body: parsed.data, requestId: response.requestId };
    }
    const detail = `${request.method} ${request.path}: ${text.slice(0, 300)}`;
    if (status === 404) throw new AzureCallError('NOT_FOUND', status, detail, body);
    if (status === 409) throw new AzureCallError('CONFLICT', status, detail, body);
    if (status === 400) throw new AzureCallError('BAD_REQUEST', status, detail, body);
    if (status === 429 || status >= 500) throw new AzureCallError('RETRYABLE', status, detail, body);
    throw new AzureCallError('PERMANENT', status, detail, body);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
