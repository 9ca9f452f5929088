/**
 * How an Azure Marketplace call failed. NOT_FOUND: the marketplace does not
 * know the thing; CONFLICT: 409 (an operation no longer in progress, a
 * duplicate usage event); BAD_REQUEST: 400, the marketplace's word on the
 * request (an expired purchase token, a plan that does not match);
 * CREDENTIALS: the marketplace refused a freshly issued token too, or Entra
 * would not issue one (a configuration problem: reported, not retried);
 * RETRYABLE: throttled, 5xx, timed out or the network; INVALID_RESPONSE: a
 * 2xx whose body is not what the documentation shows; PERMANENT: any other refusal.
 */
export type AzureCallFailure = 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'CREDENTIALS' | 'RETRYABLE' | 'INVALID_RESPONSE' | 'PERMANENT';

export class AzureCallError extends Error {
  constructor(
    readonly kind: AzureCallFailure,
    readonly status: number | null,
    detail: string,
    /** The response body, when there was one (a 409 of the metering API carries the event Azure kept). */
    readonly body?: unknown,
  ) {
    super(`Azure Marketplace API: ${kind}${status ? ` (${status})` : ''}: ${detail}`);
    this.name = 'AzureCallError';
  }
}
