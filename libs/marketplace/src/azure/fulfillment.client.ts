import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '@bridge/config';

const API_VERSION = '2018-08-31';
/** Microsoft expects a webhook answered within seconds; a read-back must not eat that time. */
const CALL_TIMEOUT_MS = 5000;

/** An operation as `GET /api/saas/subscriptions/{id}/operations/{opId}` returns it. */
export const saasOperationSchema = z.object({
  id: z.string().min(1),
  activityId: z.string().optional(),
  subscriptionId: z.string().min(1),
  offerId: z.string().optional(),
  publisherId: z.string().optional(),
  planId: z.string().optional(),
  quantity: z.number().int().nullable().optional(),
  action: z.string().min(1),
  timeStamp: z.string().optional(),
  status: z.string().min(1),
});
export type SaasOperation = z.infer<typeof saasOperationSchema>;

/**
 * NOT_FOUND: the marketplace does not know the operation; CONFLICT: it is no
 * longer in progress (already acknowledged); RETRYABLE: throttled, 5xx or the
 * network; PERMANENT: any other refusal.
 */
export type FulfillmentFailure = 'NOT_FOUND' | 'CONFLICT' | 'RETRYABLE' | 'PERMANENT';

export class FulfillmentCallError extends Error {
  constructor(
    readonly kind: FulfillmentFailure,
    readonly status: number | null,
    detail: string,
  ) {
    super(`Azure SaaS Fulfillment API: ${kind}${status ? ` (${status})` : ''}: ${detail}`);
    this.name = 'FulfillmentCallError';
  }
}

/**
 * The SaaS Fulfillment API v2 calls the product makes about webhook
 * operations: read one back before acting on it, and acknowledge a plan or
 * quantity change (PATCH with Success or Failure).
 */
@Injectable()
export class AzureFulfillmentClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async getOperation(subscriptionId: string, operationId: string): Promise<SaasOperation> {
    const body = await this.call('GET', this.operationPath(subscriptionId, operationId));
    const parsed = saasOperationSchema.safeParse(body);
    if (!parsed.success)
      throw new FulfillmentCallError('PERMANENT', 200, `unexpected operation body: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }

  async updateOperationStatus(subscriptionId: string, operationId: string, status: 'Success' | 'Failure'): Promise<void> {
    await this.call('PATCH', this.operationPath(subscriptionId, operationId), { status });
  }

  private operationPath(subscriptionId: string, operationId: string): string {
    return `/api/saas/subscriptions/${encodeURIComponent(subscriptionId)}/operations/${encodeURIComponent(operationId)}`;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.config.azureMarketplaceUrl}${path}?api-version=${API_VERSION}`, {
        method,
        headers: {
          authorization: `Bearer ${this.config.AZURE_FULFILLMENT_TOKEN}`,
          'content-type': 'application/json',
          'x-ms-requestid': randomUUID(),
          'x-ms-correlationid': randomUUID(),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new FulfillmentCallError('RETRYABLE', null, (error as Error).message);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return parseJson(text);
    const detail = text.slice(0, 300);
    if (response.status === 404) throw new FulfillmentCallError('NOT_FOUND', 404, detail);
    if (response.status === 409) throw new FulfillmentCallError('CONFLICT', 409, detail);
    if (response.status === 429 || response.status >= 500) throw new FulfillmentCallError('RETRYABLE', response.status, detail);
    throw new FulfillmentCallError('PERMANENT', response.status, detail);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
