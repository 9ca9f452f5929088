import { Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from './reset.registry';

/**
 * Counters of API calls by operation and outcome ("Success" or the error
 * name), and of per-record results, so a test can assert e.g. that a worker
 * backed off after one ThrottlingException instead of hammering the API.
 */
@Injectable()
export class StatsService implements ResettableState {
  private calls = new Map<string, Map<string, number>>();
  private records = new Map<string, Map<string, number>>();

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  countCall(operation: string, outcome: string): void {
    bump(this.calls, operation, outcome);
  }

  countRecord(operation: string, status: string): void {
    bump(this.records, operation, status);
  }

  snapshot(): { calls: Record<string, Record<string, number>>; records: Record<string, Record<string, number>> } {
    return { calls: toObject(this.calls), records: toObject(this.records) };
  }

  reset(): void {
    this.calls = new Map();
    this.records = new Map();
  }
}

function bump(map: Map<string, Map<string, number>>, key: string, outcome: string): void {
  const inner = map.get(key) ?? new Map<string, number>();
  inner.set(outcome, (inner.get(outcome) ?? 0) + 1);
  map.set(key, inner);
}

function toObject(map: Map<string, Map<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries([...map].map(([k, v]) => [k, Object.fromEntries(v)]));
}
