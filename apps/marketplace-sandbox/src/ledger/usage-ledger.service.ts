import { Injectable } from '@nestjs/common';
import { ClockService } from '../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../core/reset.registry';
import type { Cloud, LedgerEntry } from './ledger.types';

export type LedgerOutcome =
  | { kind: 'recorded'; entry: LedgerEntry }
  | { kind: 'identical'; entry: LedgerEntry }
  | { kind: 'conflict'; entry: LedgerEntry };

/**
 * What the clouds would bill: first write wins per customer, dimension and
 * hour. Tests read it to prove the product never double-bills.
 */
@Injectable()
export class UsageLedgerService implements ResettableState {
  private entries = new Map<string, LedgerEntry>();

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  record(input: {
    cloud: Cloud;
    key: string;
    recordId: string;
    customer: Record<string, string>;
    product: string;
    dimension: string;
    hour: Date;
    quantity: number;
    original: Record<string, unknown>;
  }): LedgerOutcome {
    const key = `${input.cloud}|${input.key}|${input.dimension}|${input.hour.toISOString()}`;
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.quantity === input.quantity) {
        existing.identicalResends += 1;
        return { kind: 'identical', entry: existing };
      }
      existing.conflictingResends += 1;
      return { kind: 'conflict', entry: existing };
    }
    const entry: LedgerEntry = {
      cloud: input.cloud,
      recordId: input.recordId,
      customer: input.customer,
      product: input.product,
      dimension: input.dimension,
      hour: input.hour.toISOString(),
      quantity: input.quantity,
      timesRecorded: 1,
      identicalResends: 0,
      conflictingResends: 0,
      recordedAt: this.clock.now().toISOString(),
      original: input.original,
    };
    this.entries.set(key, entry);
    return { kind: 'recorded', entry };
  }

  list(cloud?: Cloud): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => !cloud || e.cloud === cloud);
  }

  reset(): void {
    this.entries = new Map();
  }
}
