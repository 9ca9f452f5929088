import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { MeteringClock } from './metering-clock.port';

/** How long a reading of the sandbox's clock is reused. */
export const SANDBOX_CLOCK_TTL_MS = 250;

/**
 * The metering clock the configuration names: the system clock, or with METERING_CLOCK=marketplace-sandbox
 * the sandbox's clock, so a demo or test that moves the marketplace to
 * 05:59 UTC on the 1st moves the product with it.
 */
@Injectable()
export class ConfiguredMeteringClock implements MeteringClock {
  private offsetMs = 0;
  private readAt = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async now(): Promise<Date> {
    if (this.config.METERING_CLOCK === 'system') return new Date();
    if (Date.now() - this.readAt > SANDBOX_CLOCK_TTL_MS) {
      const response = await fetch(`${this.config.sandboxUrl}/_sandbox/clock`);
      if (!response.ok) throw new Error(`the sandbox clock answered ${response.status}`);
      const { now } = (await response.json()) as { now: string };
      this.readAt = Date.now();
      this.offsetMs = Date.parse(now) - this.readAt;
    }
    return new Date(Date.now() + this.offsetMs);
  }
}
