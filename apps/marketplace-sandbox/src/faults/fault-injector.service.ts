import { Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from '../core/reset.registry';
import type { Fault, FaultKind } from './fault.types';

/**
 * Faults armed by tests and consumed by the next matching calls. Each call
 * site says which kinds it can suffer, so a "drop-event" fault on "*" is not
 * eaten by an API call and a "throttle" fault is not eaten by an event.
 */
@Injectable()
export class FaultInjector implements ResettableState {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  arm(operation: string, kind: FaultKind, count: number, delayMs = 1000): Fault {
    const fault: Fault = { id: this.nextId++, operation, kind, remaining: count, delayMs };
    this.faults.push(fault);
    return fault;
  }

  /** Takes one use of the first armed fault matching the operation and one of the kinds. */
  take(operation: string, kinds: readonly FaultKind[]): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && kinds.includes(f.kind) && (f.operation === operation || f.operation === '*'));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  reset(): void {
    this.faults = [];
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
