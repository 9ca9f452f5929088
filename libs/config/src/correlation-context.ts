import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in hand: set from a request's
 * `x-correlation-id` (or a new one) at the HTTP edge, carried in the jobs
 * that request enqueues, and restored around each job in the workers, so
 * one id follows an event from webhook to credit through every log line.
 */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
