import { formatMinor } from '@bridge/domain';
import { seedWorld, worldAccount } from '@bridge/testing';

const RESELLERS = 10;
const GSIS = 5;
const CUSTOMERS = 300;
export const ISV_ACCOUNT = '111122223333';

const resellerAccount = (i: number) => worldAccount('7200000', i);
const customerAccount = (i: number) => worldAccount('8200000', i);

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
 * the product), and a trusted system sending revenue events. It remembers
 * what each agreement must credit so the ledger can be checked afterwards.
 */
export class FaultWorkload {
  readonly expectedAgreementCredit = new Map<string, bigint>();
  revenueEventsSent = 0;
  private stopped = false;

  constructor(
    private readonly apiUrl: string,
    private readonly sandboxUrl: string,
    private readonly adminKey: string,
  ) {}

  static async seed(databaseUrl: string): Promise<void> {
    // Every third customer has a GSI's approved sourced registration: its direct purchases credit that GSI.
    await seedWorld(databaseUrl, {
      resellers: RESELLERS,
      gsis: GSIS,
      customers: CUSTOMERS,
      resellerPrefix: '7200000',
      gsiPrefix: '7300000',
      customerPrefix: '8200000',
      registrationEvery: 3,
    });
  }

  stop(): void {
    this.stopped = true;
  }

  /** A buyer accepts an offer every `everyMs`: even customers through a reseller, odd ones directly. */
  async runAgreements(everyMs: number): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      const customer = n % CUSTOMERS;
      const channel = n % 2 === 0;
      const valueMinor = BigInt(10_000 + ((n * 7919) % 990_000));
      const response = await postUntil(`${this.sandboxUrl}/_sandbox/aws/agreements`, {
        offerId: `offer-fault-${n}`,
        acceptorAccountId: customerAccount(customer),
        proposerAccountId: channel ? resellerAccount(n % RESELLERS) : ISV_ACCOUNT,
        manufacturerAccountId: ISV_ACCOUNT,
        productId: 'prod-faults',
        resaleAuthorizationId: channel ? `ra-fault-${n % RESELLERS}` : undefined,
        agreementValue: formatMinor(valueMinor, 'USD'),
        currency: 'USD',
      }, [201]);
      const agreement = (await response.json()) as { agreementId?: string; id?: string };
      const credited = channel || customer % 3 === 0;
      this.expectedAgreementCredit.set((agreement.agreementId ?? agreement.id) as string, credited ? valueMinor : 0n);
      await sleep(everyMs);
    }
  }

  /** A batch of revenue events every `everyMs`; every fifth batch is sent twice, as a retrying client would. */
  async runRevenueEvents(everyMs: number, batchSize: number): Promise<void> {
    for (let batch = 0; !this.stopped; batch++) {
      const events = Array.from({ length: batchSize }, (_, i) => {
        const n = batch * batchSize + i;
        const customer = (n * 31) % CUSTOMERS;
        return {
          eventId: `fault-rev-${n}`,
          kind: n % 4 === 1 ? 'USAGE' : 'PURCHASE',
          cloud: 'AWS',
          customerAccountId: customerAccount(customer),
          productId: 'prod-faults',
          resellerAccountId: n % 5 === 0 ? resellerAccount(n % RESELLERS) : undefined,
          amount: formatMinor(BigInt(100 + ((n * 104729) % 500_000)), 'USD'),
          currency: 'USD',
          occurredAt: new Date().toISOString(),
        };
      });
      const send = () => postUntil(`${this.apiUrl}/v1/revenue-events`, { events }, [202], { authorization: `Bearer ${this.adminKey}` });
      await send();
      if (batch % 5 === 0) await send();
      this.revenueEventsSent += events.length;
      await sleep(everyMs);
    }
  }
}
