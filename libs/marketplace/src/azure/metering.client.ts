import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { MeteringCallError, type MarketplaceMeter, type MeterOutcome, type MeterRecord } from '../aws/metering.port';
import { AzureCallError } from './azure-call.error';
import { AzureHttpClient } from './azure-http.client';

interface AcceptedInfo {
  acceptedMessage?: { quantity?: number; usageEventId?: string };
}

interface AzureUsageResult {
  usageEventId?: string;
  status?: string;
  resourceId?: string;
  dimension?: string;
  effectiveStartTime?: string;
  quantity?: number;
  error?: { code?: string; message?: string; additionalInfo?: AcceptedInfo };
}

/** The batch answer: `{ count, result: [...] }` (Marketplace metering service APIs, "Batch usage event"). */
const batchAnswerSchema = z.looseObject({ count: z.number().optional(), result: z.array(z.looseObject({})).default([]) });

const NOT_SUBSCRIBED = new Set(['ResourceNotFound', 'ResourceNotAuthorized', 'ResourceNotActive']);
const INVALID = new Set(['InvalidDimension', 'InvalidQuantity', 'BadArgument', 'Expired']);

/**
 * Azure Marketplace metering (POST /api/batchUsageEvent, at most 25 events).
 * First write wins per resource, dimension and hour: a "Duplicate" answer
 * (or 409) carries the event Azure kept, so its quantity tells a redelivery
 * of our own frozen hour from a conflicting one.
 */
@Injectable()
export class AzureMeteringClient implements MarketplaceMeter {
  constructor(private readonly http: AzureHttpClient) {}

  async send(_productCode: string, records: MeterRecord[]): Promise<MeterOutcome[]> {
    const request = records.map((r) => ({
      resourceId: r.customer.azureResourceId ?? '',
      planId: r.customer.azurePlanId ?? '',
      dimension: r.dimension,
      quantity: Number(r.quantity),
      effectiveStartTime: r.hour.toISOString(),
    }));
    let body: z.infer<typeof batchAnswerSchema>;
    try {
      ({ body } = await this.http.call({ method: 'POST', path: '/api/batchUsageEvent', body: { request }, schema: batchAnswerSchema }));
    } catch (error) {
      if (!(error instanceof AzureCallError)) throw error;
      if (error.kind === 'CONFLICT') {
        // A single-event style conflict: the body is the event Azure kept.
        const answer = error.body as (AzureUsageResult & { additionalInfo?: AcceptedInfo }) | undefined;
        const kept = answer?.error?.additionalInfo?.acceptedMessage ?? answer?.additionalInfo?.acceptedMessage;
        return records.map((r) => ({
          ref: r.ref,
          kind: 'DUPLICATE',
          acceptedQuantity: quantityOf(kept?.quantity),
          detail: `409 Conflict: ${error.message.slice(0, 200)}`,
        }));
      }
      throw meteringErrorOf(error);
    }
    const results = body.result as AzureUsageResult[];
    const byKey = new Map(records.map((r) => [key(r.customer.azureResourceId ?? '', r.dimension, r.hour.toISOString()), r.ref]));
    const outcomes = new Map<string, MeterOutcome>();
    for (const result of results) {
      const ref = byKey.get(key(result.resourceId ?? '', result.dimension ?? '', result.effectiveStartTime ?? ''));
      if (ref) outcomes.set(ref, outcomeOf(ref, result));
    }
    return records.map((r) => outcomes.get(r.ref) ?? { ref: r.ref, kind: 'RETRY', reason: 'missing from the answer' });
  }
}

function outcomeOf(ref: string, result: AzureUsageResult): MeterOutcome {
  const status = result.status ?? 'Error';
  if (status === 'Accepted') return { ref, kind: 'ACCEPTED', meteringRecordId: result.usageEventId ?? null };
  if (status === 'Duplicate') {
    const kept = result.error?.additionalInfo?.acceptedMessage;
    return {
      ref,
      kind: 'DUPLICATE',
      acceptedQuantity: quantityOf(kept?.quantity),
      detail: `Duplicate: ${result.error?.message ?? 'already metered'}`,
    };
  }
  if (NOT_SUBSCRIBED.has(status)) return { ref, kind: 'REJECTED', reason: `CustomerNotSubscribed (${status})` };
  if (INVALID.has(status)) return { ref, kind: 'REJECTED', reason: status };
  return { ref, kind: 'RETRY', reason: `${status}: ${result.error?.message ?? ''}`.trim() };
}

const key = (resourceId: string, dimension: string, start: string) => `${resourceId}|${dimension}|${Date.parse(start)}`;

function quantityOf(value: unknown): bigint | null {
  return typeof value === 'number' && Number.isFinite(value) ? BigInt(Math.round(value)) : null;
}

/** A failed call, in the metering worker's terms: a credentials problem is given back at once and reported, not retried in a loop. */
function meteringErrorOf(error: AzureCallError): MeteringCallError {
  const code = String(error.status ?? error.kind);
  if (error.status === 429) return new MeteringCallError('THROTTLED', code, error.message);
  if (error.kind === 'CREDENTIALS') return new MeteringCallError('CREDENTIALS', code, error.message);
  if (error.kind === 'RETRYABLE') return new MeteringCallError('RETRYABLE', code, error.message);
  return new MeteringCallError('PERMANENT', code, error.message);
}
