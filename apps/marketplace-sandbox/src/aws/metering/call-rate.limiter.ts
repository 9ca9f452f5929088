/**
 * Calls per second per caller over a sliding one-second window of real time
 * (not the sandbox clock: a quota is about how fast the product calls, and
 * tests that jump the clock must not trip or reset it). Refused calls do
 * not use up the quota.
 */
export class CallRateLimiter {
  private calls = new Map<string, number[]>();

  constructor(public limitPerSecond: number) {}

  tryAcquire(key: string, nowMs = Date.now()): boolean {
    const recent = (this.calls.get(key) ?? []).filter((t) => nowMs - t < 1000);
    if (recent.length >= this.limitPerSecond) {
      this.calls.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.calls.set(key, recent);
    return true;
  }

  clear(): void {
    this.calls = new Map();
  }
}
