import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { MeteringCallError, type MarketplaceMeter, type MeterOutcome, type MeterRecord } from '../aws/metering.port';

const API_VERSION = '2018-08-31';

interface AzureUsageResult {
  usageEventId?: string;
  status?: string;
  resourceId?: string;
  dimension?: string;
  effectiveStartTime?: string;
  quantity?: number;
  error?: { code?: string; message?: string; additionalInfo?: { acceptedMessage?: { quantity?: number; usageEventId?: string } } };
}

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
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(_productCode: string, records: MeterRecord[]): Promise<MeterOutcome[]> {
    const request = records.map((r) => ({
      resourceId: r.customer.azureResourceId ?? '',
      planId: r.customer.azurePlanId ?? '',
      dimension: r.dimension,
      quantity: Number(r.quantity),
      effectiveStartTime: r.hour.toISOString(),
    }));
    let response: Response;
    try {
      response = await fetch(`${this.config.azureMarketplaceUrl}/api/batchUsageEvent?api-version=${API_VERSION}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.config.AZURE_METERING_TOKEN}`,
          'x-ms-requestid': randomUUID(),
          'x-ms-correlationid': randomUUID(),
        },
        body: JSON.stringify({ request }),
      });
    } catch (error) {
      throw new MeteringCallError('RETRYABLE', 'NetworkError', (error as Error).message);
    }
    const text = await response.text();
    const body = parse(text);
    if (response.status === 409) {
      // A single-event style conflict: the body is the event Azure kept.
      const kept =
        (body as AzureUsageResult | undefined)?.error?.additionalInfo?.acceptedMessage ??
        (body as { additionalInfo?: { acceptedMessage?: { quantity?: number } } })?.additionalInfo?.acceptedMessage;
      return records.map((r) => ({
        ref: r.ref,
        kind: 'DUPLICATE',
        acceptedQuantity: quantityOf(kept?.quantity),
        detail: `409 Conflict: ${text.slice(0, 200)}`,
      }));
    }
    if (response.status === 429) throw new MeteringCallError('THROTTLED', '429', text.slice(0, 200));
    if (response.status >= 500 || response.status === 401 || response.status === 403) {
      throw new MeteringCallError('RETRYABLE', String(response.status), text.slice(0, 200));
    }
    if (response.status >= 400) throw new MeteringCallError('PERMANENT', String(response.status), text.slice(0, 200));
    const results = ((body as { result?: AzureUsageResult[] } | undefined)?.result ?? []) as AzureUsageResult[];
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

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
