/**
 * Spaces calls at least 1/rate seconds apart, measured from when each call
 * was let through, so no sliding one-second window sees more than `rate`
 * calls (AWS BatchMeterUsage: 10 a second per seller).
 */
export class CallPacer {
  private next = 0;

  constructor(
    private readonly callsPerSecond: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async acquire(): Promise<void> {
    const interval = 1000 / this.callsPerSecond;
    const now = this.clock();
    const at = Math.max(now, this.next);
    this.next = at + interval;
    if (at > now) await this.sleep(at - now);
  }

  /** After a throttle: nobody calls again before `ms` has passed. */
  pause(ms: number): void {
    this.next = Math.max(this.next, this.clock() + ms);
  }
}
