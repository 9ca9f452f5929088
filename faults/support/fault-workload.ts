import { formatMinor } from '@bridge/domain';
import { ExpectedCredits, seedWorld, worldAccount, worldCreditee, type WorldShape } from '@bridge/testing';

// Every third customer has a GSI's approved sourced registration: its direct purchases credit that GSI.
const WORLD: WorldShape = {
  resellers: 10,
  gsis: 5,
  customers: 300,
  resellerPrefix: '7200000',
  gsiPrefix: '7300000',
  customerPrefix: '8200000',
  registrationEvery: 3,
};
export const ISV_ACCOUNT = '111122223333';
/** Every tenth revenue event from the second batch on refunds half of the event one batch before it. */
const REFUND_EVERY = 10;

const resellerAccount = (i: number) => worldAccount(WORLD.resellerPrefix, i);
const customerAccount = (i: number) => worldAccount(WORLD.customerPrefix, i);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs JSON until the answer is one of `ok` (a client retrying through outages, as real senders do). */
async function postUntil(url: string, body: unknown, ok: number[], headers: Record<string, string> = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      if (ok.includes(response.status)) return response;
      if (response.status < 500 && response.status !== 429) throw new Error(`${url} refused: ${response.status} ${await response.text()}`);
    } catch (error) {
      if ((error as Error).message.includes('refused:')) throw error;
    }
    await sleep(Math.min(2000, 100 * 2 ** attempt));
  }
}

/**
 * What the fault suite asks of the product while it breaks things: buyers
 * accepting channel and direct offers in the sandbox (EventBridge events to
 * the product), and a trusted system sending purchases, usage and refunds as
 * revenue events. It works out which partner each agreement and event must
 * credit, and how much, from the world it seeded (never from the product's
 * decisions), so the ledger can be checked per partner afterwards.
 */
export class FaultWorkload {
  readonly expectedAgreementCredit = new ExpectedCredits();
  readonly expectedRevenueCredit = new ExpectedCredits();
  revenueEventsSent = 0;
  private stopped = false;

  constructor(
    private readonly apiUrl: string,
    private readonly sandboxUrl: string,
    private readonly adminKey: string,
  ) {}

  static async seed(databaseUrl: string): Promise<void> {
    await seedWorld(databaseUrl, WORLD);
  }

  stop(): void {
    this.stopped = true;
  }

  /** A buyer accepts an offer every `everyMs`: even customers through a reseller, odd ones directly. */
  async runAgreements(everyMs: number): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      const customer = n % WORLD.customers;
      const reseller = n % 2 === 0 ? n % WORLD.resellers : undefined;
      const valueMinor = BigInt(10_000 + ((n * 7919) % 990_000));
      const response = await postUntil(`${this.sandboxUrl}/_sandbox/aws/agreements`, {
        offerId: `offer-fault-${n}`,
        acceptorAccountId: customerAccount(customer),
        proposerAccountId: reseller !== undefined ? resellerAccount(reseller) : ISV_ACCOUNT,
        manufacturerAccountId: ISV_ACCOUNT,
        productId: 'prod-faults',
        resaleAuthorizationId: reseller !== undefined ? `ra-fault-${reseller}` : undefined,
        agreementValue: formatMinor(valueMinor, 'USD'),
        currency: 'USD',
      }, [201]);
      const agreement = (await response.json()) as { agreementId?: string; id?: string };
      this.expectedAgreementCredit.expect((agreement.agreementId ?? agreement.id) as string, worldCreditee(WORLD, { customer, reseller }), valueMinor);
      await sleep(everyMs);
    }
  }

  /**
   * A batch of revenue events every `everyMs`; every fifth batch is sent
   * twice, as a retrying client would. A purchase or usage event credits its
   * whole amount to the world's creditee; a refund takes back half of an
   * event sent one batch earlier from whoever that event credited.
   */
  async runRevenueEvents(everyMs: number, batchSize: number): Promise<void> {
    const sales = new Map<string, { customer: number; reseller?: number; amountMinor: bigint }>();
    for (let batch = 0; !this.stopped; batch++) {
      const events = Array.from({ length: batchSize }, (_, i) => {
        const n = batch * batchSize + i;
        const eventId = `fault-rev-${n}`;
        const original = sales.get(`fault-rev-${n - batchSize}`);
        if (n % REFUND_EVERY === REFUND_EVERY - 1 && original) {
          const refundMinor = -(original.amountMinor / 2n);
          this.expectedRevenueCredit.expect(eventId, worldCreditee(WORLD, original), refundMinor);
          return {
            ...this.revenueEvent(eventId, 'REFUND', original.customer, original.reseller, refundMinor),
            reverses: `fault-rev-${n - batchSize}`,
          };
        }
        const sale = { customer: (n * 31) % WORLD.customers, reseller: n % 5 === 0 ? n % WORLD.resellers : undefined, amountMinor: BigInt(100 + ((n * 104729) % 500_000)) };
        sales.set(eventId, sale);
        this.expectedRevenueCredit.expect(eventId, worldCreditee(WORLD, sale), sale.amountMinor);
        return this.revenueEvent(eventId, n % 4 === 1 ? 'USAGE' : 'PURCHASE', sale.customer, sale.reseller, sale.amountMinor);
      });
      const send = () => postUntil(`${this.apiUrl}/v1/revenue-events`, { events }, [202], { authorization: `Bearer ${this.adminKey}` });
      await send();
      if (batch % 5 === 0) await send();
      this.revenueEventsSent += events.length;
      await sleep(everyMs);
    }
  }

  private revenueEvent(eventId: string, kind: 'PURCHASE' | 'USAGE' | 'REFUND', customer: number, reseller: number | undefined, amountMinor: bigint) {
    return {
      eventId,
      kind,
      cloud: 'AWS',
      customerAccountId: customerAccount(customer),
      productId: 'prod-faults',
      resellerAccountId: reseller !== undefined ? resellerAccount(reseller) : undefined,
      amount: formatMinor(amountMinor, 'USD'),
      currency: 'USD',
      occurredAt: new Date().toISOString(),
    };
  }
}
