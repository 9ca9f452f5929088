import { formatMinor } from '@bridge/domain';
import { ExpectedCredits, seedWorld, worldAccount, worldCreditee, type WorldShape } from '@bridge/testing';

const WORLD: WorldShape = {
  resellers: 40,
  gsis: 20,
  customers: 2000,
  resellerPrefix: '7000000',
  gsiPrefix: '7100000',
  customerPrefix: '8000000',
  registrationEvery: 3,
};
const { resellers: RESELLERS, customers: CUSTOMERS } = WORLD;
const REFUND_LAG = 4000;

const resellerAccount = (i: number) => worldAccount(WORLD.resellerPrefix, i);
const customerAccount = (i: number) => worldAccount(WORLD.customerPrefix, i);

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
 * It notes which partner each event must credit and how much, from the
 * world it seeded, so the bench judges the ledger by its own expectations.
 */
export class BenchWorld {
  readonly expected = new ExpectedCredits();
  private readonly random = mulberry32(42);
  private readonly sales = new Map<number, { customer: number; reseller?: number; amountMinor: bigint }>();

  static async seed(databaseUrl: string): Promise<BenchWorld> {
    await seedWorld(databaseUrl, WORLD);
    return new BenchWorld();
  }

  describe(): string {
    return `${RESELLERS} resellers, ${WORLD.gsis} GSIs, ${CUSTOMERS} customers (${Math.ceil(CUSTOMERS / 3)} with an approved registration)`;
  }

  throughputBatches(count: number, size: number): BenchEvent[][] {
    const batches: BenchEvent[][] = [];
    for (let start = 0; start < count; start += size) {
      batches.push(Array.from({ length: Math.min(size, count - start) }, (_, j) => this.throughputEvent(start + j)));
    }
    return batches;
  }

  channelPurchases(count: number, prefix: string): BenchEvent[] {
    return Array.from({ length: count }, (_, i) => {
      const sale = { customer: this.pick(CUSTOMERS), amountMinor: this.evenCents(), reseller: this.pick(RESELLERS) };
      return this.sale(`${prefix}-${i}`, 'PURCHASE', sale);
    });
  }

  private throughputEvent(i: number): BenchEvent {
    if (i % 20 === 0 && i >= REFUND_LAG) {
      // Refunds half of a purchase sent REFUND_LAG events earlier (index i - REFUND_LAG + 2 is always a purchase).
      const original = i - REFUND_LAG + 2;
      const sale = this.sales.get(original) as { customer: number; reseller?: number; amountMinor: bigint };
      const refundMinor = -sale.amountMinor / 2n;
      // A refund takes back from whoever the purchase credited, by the purchase's shares.
      this.expected.expect(`tp-${i}`, worldCreditee(WORLD, sale), refundMinor);
      return { ...this.base(`tp-${i}`, 'REFUND', sale.customer, refundMinor), reverses: `tp-${original}` };
    }
    const amountMinor = this.evenCents();
    const kind = i % 4 === 1 ? 'USAGE' : 'PURCHASE';
    const reseller = kind === 'PURCHASE' && i % 3 === 0 ? i % RESELLERS : undefined;
    const sale = { customer: i % CUSTOMERS, reseller, amountMinor };
    this.sales.set(i, sale);
    return this.sale(`tp-${i}`, kind, sale);
  }

  /** A purchase or usage, credited in full to the world's creditee (the reseller, else the registered GSI, else nobody). */
  private sale(
    eventId: string,
    kind: 'PURCHASE' | 'USAGE',
    sale: { customer: number; reseller?: number; amountMinor: bigint },
  ): BenchEvent {
    this.expected.expect(eventId, worldCreditee(WORLD, sale), sale.amountMinor);
    const event = this.base(eventId, kind, sale.customer, sale.amountMinor);
    return sale.reseller !== undefined ? { ...event, resellerAccountId: resellerAccount(sale.reseller) } : event;
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
