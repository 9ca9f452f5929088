import { Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from '../core/reset.registry';

/**
 * The sandbox's notion of "now". Every time rule (metering windows, agreement
 * dates, token expiry) reads it, so a test can jump to 05:59 UTC on the 1st
 * instead of waiting for it. Real time unless a test sets it; once set it
 * stays frozen (deterministic tests) unless `running` is asked for.
 */
@Injectable()
export class ClockService implements ResettableState {
  private frozenAt: number | undefined;
  private offsetMs = 0;

  constructor(registry: ResetRegistry) {
    registry.register(this);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  set(at: Date, running = false): void {
    if (running) {
      this.frozenAt = undefined;
      this.offsetMs = at.getTime() - Date.now();
    } else {
      this.frozenAt = at.getTime();
    }
  }

  advance(seconds: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += seconds * 1000;
    else this.offsetMs += seconds * 1000;
  }

  describe(): { now: string; frozen: boolean } {
    return { now: this.now().toISOString(), frozen: this.frozenAt !== undefined };
  }

  reset(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }
}
