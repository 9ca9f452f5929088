import { formatMinor } from '@bridge/domain';
import { seedWorld, worldAccount } from '@bridge/testing';

const RESELLERS = 40;
const GSIS = 20;
const CUSTOMERS = 2000;
const REFUND_LAG = 4000;

const resellerAccount = (i: number) => worldAccount('7000000', i);
const customerAccount = (i: number) => worldAccount('8000000', i);

/** A deterministic pseudo-random stream, so every run sends the same events. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchEvent {
  eventId: string;
  kind: 'PURCHASE' | 'USAGE' | 'REFUND';
  cloud: 'AWS';
  customerAccountId: string;
  productId: string;
  resellerAccountId?: string;
  amount: string;
  currency: 'USD';
  occurredAt: string;
  reverses?: string;
}

/**
 * The benchmark's world: resellers, GSIs, customers (a third with an
 * approved registration), and the events they generate: channel purchases,
 * direct purchases, usage, and refunds of purchases made earlier in the run.
 */
export class BenchWorld {
  private readonly random = mulberry32(42);
  private readonly amounts = new Map<number, bigint>();

  static async seed(databaseUrl: string): Promise<BenchWorld> {
    await seedWorld(databaseUrl, {
      resellers: RESELLERS,
      gsis: GSIS,
      customers: CUSTOMERS,
      resellerPrefix: '7000000',
      gsiPrefix: '7100000',
      customerPrefix: '8000000',
      registrationEvery: 3,
    });
    return new BenchWorld();
  }

  describe(): string {
    return `${RESELLERS} resellers, ${GSIS} GSIs, ${CUSTOMERS} customers (${Math.ceil(CUSTOMERS / 3)} with an approved registration)`;
  }

  throughputBatches(count: number, size: number): BenchEvent[][] {
    const batches: BenchEvent[][] = [];
    for (let start = 0; start < count; start += size) {
      batches.push(Array.from({ length: Math.min(size, count - start) }, (_, j) => this.throughputEvent(start + j)));
    }
    return batches;
  }

  channelPurchases(count: number, prefix: string): BenchEvent[] {
    return Array.from({ length: count }, (_, i) => ({
      ...this.base(`${prefix}-${i}`, 'PURCHASE', this.pick(CUSTOMERS), this.evenCents()),
      resellerAccountId: resellerAccount(this.pick(RESELLERS)),
    }));
  }

  private throughputEvent(i: number): BenchEvent {
    if (i % 20 === 0 && i >= REFUND_LAG) {
      // Refunds half of a purchase sent REFUND_LAG events earlier (index i - REFUND_LAG + 2 is always a purchase).
      const original = i - REFUND_LAG + 2;
      const event = this.base(`tp-${i}`, 'REFUND', original % CUSTOMERS, -(this.amounts.get(original) ?? 0n) / 2n);
      return { ...event, customerAccountId: customerAccount(original % CUSTOMERS), reverses: `tp-${original}` };
    }
    const amount = this.evenCents();
    this.amounts.set(i, amount);
    if (i % 4 === 1) return this.base(`tp-${i}`, 'USAGE', i % CUSTOMERS, amount);
    const event = this.base(`tp-${i}`, 'PURCHASE', i % CUSTOMERS, amount);
    return i % 3 === 0 ? { ...event, resellerAccountId: resellerAccount(i % RESELLERS) } : event;
  }

  private base(eventId: string, kind: BenchEvent['kind'], customer: number, amountMinor: bigint): BenchEvent {
    return {
      eventId,
      kind,
      cloud: 'AWS',
      customerAccountId: customerAccount(customer),
      productId: 'bench-product',
      amount: formatMinor(amountMinor, 'USD'),
      currency: 'USD',
      occurredAt: new Date().toISOString(),
    };
  }

  private pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** $1.00 to $10,000.00, in even cents so a half refund is exact. */
  private evenCents(): bigint {
    return BigInt(50 + Math.floor(this.random() * 500_000)) * 2n;
  }
}
