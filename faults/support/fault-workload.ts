import { formatMinor } from '@bridge/domain';
import { ExpectedCredits, queryDatabase, seedWorld, worldAccount, worldCreditee, type WorldShape } from '@bridge/testing';

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
/** Customers outside the world, each claimed by two GSIs whose sourced registrations are approved together: a conflict. */
const CONTESTED_PREFIX = '8300000';
/**
 * Customers 3, 9, 15... (half the registered ones) are new logos: every other
 * customer of the world is seeded with an agreement for the product long
 * ago, so only these have no earlier agreement, and their first purchase
 * pays their GSI the default new-logo kicker, 5% of the value, on top of the
 * split, without any claim. They are odd, so runAgreements only ever sells to
 * them directly (resellers sell to the even customers), and only once: a
 * second purchase could be heard of before the first after a fault, and the
 * kicker is paid once per customer and product, to whichever was credited
 * first, so one purchase each keeps the expectation exact whatever the order.
 */
const NEW_LOGO_EVERY = 6;
const NEW_LOGO_AT = 3;
const NEW_LOGO_KICKER_BPS = 500n;
const PRODUCT = 'prod-faults';
/** The split sales ops settle every contested purchase with: the first GSI 60%, the second 40%. */
const CONTESTED_SHARES = [6000, 4000];

const resellerAccount = (i: number) => worldAccount(WORLD.resellerPrefix, i);
const customerAccount = (i: number) => worldAccount(WORLD.customerPrefix, i);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs JSON until the answer is one of `ok` (a client retrying through outages, as real senders do). */
async function postUntil(url: string, body: unknown, ok: number[], headers: Record<string, string> = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
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
  /** The kicker lines each agreement must pay, per partner (nothing for most). */
  readonly expectedAgreementKickers = new ExpectedCredits();
  readonly expectedRevenueCredit = new ExpectedCredits();
  /** The contested purchases alone (also in expectedAgreementCredit), judged on their own after the run. */
  readonly expectedContestedCredit = new ExpectedCredits();
  /** The agreements bought in the sandbox (not the history seeded into the product alone): the ones the marketplace can invoice. */
  readonly bought = new Set<string>();
  revenueEventsSent = 0;
  /** Settlements answered while Redis was down, and how many agreements each said it would credit again. */
  readonly settlements: { conflictId: string; recreditedAgreements: number }[] = [];
  private stopped = false;
  private readonly contested: { customerId: string; agreementId: string; partnerIds: string[] }[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly sandboxUrl: string,
    private readonly adminKey: string,
  ) {}

  static async seed(databaseUrl: string): Promise<void> {
    await seedWorld(databaseUrl, WORLD);
    await queryDatabase(
      databaseUrl,
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                              intent, status, value_minor, currency, accepted_at, starts_at, customer_id, updated_at)
       SELECT gen_random_uuid(), 'AWS', 'agmt-fault-history-' || c.account_id, 'offer-fault-history', $5, c.account_id, $6,
              'NEW', 'EXPIRED', 0, 'USD', '2000-01-01', '2000-01-01', c.customer_id, now()
         FROM customer_cloud_account c
        WHERE c.account_id LIKE $1 || '%' AND substring(c.account_id FROM $2::int + 1)::int % $3::int <> $4::int`,
      [WORLD.customerPrefix, WORLD.customerPrefix.length, NEW_LOGO_EVERY, NEW_LOGO_AT, PRODUCT, ISV_ACCOUNT],
    );
  }

  stop(): void {
    this.stopped = true;
  }

  /** A buyer accepts an offer every `everyMs`: even customers through a reseller, odd ones directly. */
  async runAgreements(everyMs: number): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      const customer = n % WORLD.customers;
      const reseller = n % 2 === 0 ? n % WORLD.resellers : undefined;
      const newLogo = reseller === undefined && customer % NEW_LOGO_EVERY === NEW_LOGO_AT;
      if (newLogo && n >= WORLD.customers) continue;
      // Whole multiples of 20 cents, so a 5% kicker is exact and its expectation needs no rounding rule.
      const valueMinor = 20n * BigInt(500 + ((n * 7919) % 49_500));
      const response = await postUntil(
        `${this.sandboxUrl}/_sandbox/aws/agreements`,
        {
          offerId: `offer-fault-${n}`,
          acceptorAccountId: customerAccount(customer),
          proposerAccountId: reseller !== undefined ? resellerAccount(reseller) : ISV_ACCOUNT,
          manufacturerAccountId: ISV_ACCOUNT,
          productId: PRODUCT,
          resaleAuthorizationId: reseller !== undefined ? `ra-fault-${reseller}` : undefined,
          agreementValue: formatMinor(valueMinor, 'USD'),
          currency: 'USD',
        },
        [201],
      );
      const agreement = (await response.json()) as { agreementId?: string; id?: string };
      const agreementId = (agreement.agreementId ?? agreement.id) as string;
      const creditee = worldCreditee(WORLD, { customer, reseller });
      this.expectedAgreementCredit.expect(agreementId, creditee, valueMinor);
      this.bought.add(agreementId);
      this.expectedAgreementKickers.expect(agreementId, newLogo ? creditee : null, (valueMinor * NEW_LOGO_KICKER_BPS) / 10_000n);
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
        const sale = {
          customer: (n * 31) % WORLD.customers,
          reseller: n % 5 === 0 ? n % WORLD.resellers : undefined,
          amountMinor: BigInt(100 + ((n * 104729) % 500_000)),
        };
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

  /**
   * Sets up `count` contested purchases: a new customer, two GSIs of the
   * world registering it as sourced, both approved together (the rules of
   * engagement cannot pick one), then the customer buys directly. The
   * product must hold the credit until sales ops settle the conflict; the
   * settled split (CONTESTED_SHARES) is what each GSI is due.
   */
  async prepareContested(databaseUrl: string, count: number): Promise<void> {
    const gsis = await queryDatabase<{ partner_id: string; account_id: string }>(
      databaseUrl,
      `SELECT partner_id, account_id FROM partner_cloud_account WHERE account_id = ANY($1::text[]) ORDER BY account_id`,
      [[worldAccount(WORLD.gsiPrefix, 0), worldAccount(WORLD.gsiPrefix, 1)]],
    );
    if (gsis.length !== 2) throw new Error('the world has no two GSIs to contest a customer');
    for (let i = 0; i < count; i++) {
      const account = worldAccount(CONTESTED_PREFIX, i);
      // Seeded like the world (registered and approved well before any purchase the sandbox's clock may date), both decided at the same instant.
      const [customer] = await queryDatabase<{ id: string }>(
        databaseUrl,
        `WITH c AS (INSERT INTO customer (id, name) VALUES (gen_random_uuid(), $1) RETURNING id),
              a AS (INSERT INTO customer_cloud_account (id, customer_id, cloud, account_id) SELECT gen_random_uuid(), id, 'AWS'::"Cloud", $2 FROM c),
              -- An earlier agreement for the product: the contested purchase is no new logo, so the settled split is all it pays.
              h AS (INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                                           intent, status, value_minor, currency, accepted_at, starts_at, customer_id, updated_at)
                    SELECT gen_random_uuid(), 'AWS', 'agmt-fault-history-' || $2, 'offer-fault-history', $3, $2, $4,
                           'NEW', 'EXPIRED', 0, 'USD', '2000-01-01', '2000-01-01', id, now() FROM c)
         SELECT id FROM c`,
        [`Contested ${i}`, account, PRODUCT, ISV_ACCOUNT],
      );
      await queryDatabase(
        databaseUrl,
        `INSERT INTO deal_registration (id, partner_id, customer_id, engagement, status, estimated_value_minor, currency, registered_at, decided_at, expires_at)
         SELECT gen_random_uuid(), p, $1::uuid, 'SOURCED'::"Engagement", 'APPROVED'::"DealStatus", 10000000, 'USD',
                date_trunc('day', now()) - interval '30 days', date_trunc('day', now()) - interval '29 days', now() + interval '300 days'
         FROM unnest($2::uuid[]) p`,
        [customer.id, gsis.map((g) => g.partner_id)],
      );
      const valueMinor = BigInt(1_000_000 + i * 10_000);
      const response = await postUntil(
        `${this.sandboxUrl}/_sandbox/aws/agreements`,
        {
          offerId: `offer-contested-${i}`,
          acceptorAccountId: account,
          proposerAccountId: ISV_ACCOUNT,
          manufacturerAccountId: ISV_ACCOUNT,
          productId: PRODUCT,
          agreementValue: formatMinor(valueMinor, 'USD'),
          currency: 'USD',
        },
        [201],
      );
      const agreement = (await response.json()) as { agreementId?: string; id?: string };
      const agreementId = (agreement.agreementId ?? agreement.id) as string;
      gsis.forEach((gsi, g) => {
        const due = (valueMinor * BigInt(CONTESTED_SHARES[g])) / 10_000n;
        this.expectedAgreementCredit.expect(agreementId, gsi.account_id, due);
        this.expectedContestedCredit.expect(agreementId, gsi.account_id, due);
        this.bought.add(agreementId);
      });
      this.contested.push({ customerId: customer.id, agreementId, partnerIds: gsis.map((g) => g.partner_id) });
    }
  }

  /**
   * The earlier agreements seeded as the customers' history (the world's, in
   * seed, and the contested customers', in prepareContested): stored, never
   * sent, so they are expected to credit nobody, which the ledger check then
   * judges like any other agreement.
   */
  async expectSeededHistory(databaseUrl: string): Promise<void> {
    const rows = await queryDatabase<{ id: string }>(
      databaseUrl,
      `SELECT marketplace_agreement_id AS id FROM agreement WHERE marketplace_agreement_id LIKE 'agmt-fault-history-%'`,
    );
    for (const { id } of rows) {
      this.expectedAgreementCredit.expect(id, null, 0n);
      this.expectedAgreementKickers.expect(id, null, 0n);
    }
  }

  /** Waits until the product holds every contested purchase as an open conflict about that agreement; their ids. */
  async contestedConflicts(timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(`${this.apiUrl}/v1/conflicts?status=OPEN`, {
        headers: { authorization: `Bearer ${this.adminKey}` },
      }).catch(() => null);
      if (response?.ok) {
        const { conflicts } = (await response.json()) as {
          conflicts: { id: string; customerId: string | null; subjectKey: string | null }[];
        };
        const ids = this.contested.map(
          (c) =>
            conflicts.find((conflict) => conflict.customerId === c.customerId && conflict.subjectKey?.endsWith(`:${c.agreementId}`))?.id,
        );
        if (ids.every((id): id is string => id !== undefined)) return ids;
      }
      if (Date.now() > deadline) throw new Error('the contested purchases were not held as conflicts in time');
      await sleep(500);
    }
  }

  /** Sales ops settle each conflict with the agreed split (called while Redis is down). */
  async settleContested(conflictIds: string[]): Promise<void> {
    for (const [i, conflictId] of conflictIds.entries()) {
      const shares = this.contested[i].partnerIds.map((partnerId, g) => ({ partnerId, engagement: 'SOURCED', bps: CONTESTED_SHARES[g] }));
      const response = await postUntil(
        `${this.apiUrl}/v1/conflicts/${conflictId}/resolve`,
        { reason: 'joint pursuit: 60/40 agreed with both GSIs', shares },
        [200],
        { authorization: `Bearer ${this.adminKey}` },
      );
      const body = (await response.json()) as { recreditedAgreements: number };
      this.settlements.push({ conflictId, recreditedAgreements: body.recreditedAgreements });
    }
  }

  private revenueEvent(
    eventId: string,
    kind: 'PURCHASE' | 'USAGE' | 'REFUND',
    customer: number,
    reseller: number | undefined,
    amountMinor: bigint,
  ) {
    return {
      eventId,
      kind,
      cloud: 'AWS',
      customerAccountId: customerAccount(customer),
      productId: PRODUCT,
      resellerAccountId: reseller !== undefined ? resellerAccount(reseller) : undefined,
      amount: formatMinor(amountMinor, 'USD'),
      currency: 'USD',
      occurredAt: new Date().toISOString(),
    };
  }
}
