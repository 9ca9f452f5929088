import { eventually, queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, createPartner, freshWorld, ISV_ACCOUNT } from './attribution-fixtures';

const RESELLER_ACCOUNT = '111122223333';
const OTHER_PARTNER_ACCOUNT = '444455556666';
const BUYER_ACCOUNT = '777788889999';

interface Credits {
  entries: { amountMinor: string; amount: string; currency: string; engagement: string; source: string; agreementId: string }[];
  totals: { amountMinor: string; engagement: string }[];
}

describe('a channel purchase credits its reseller, once (EventBridge → queue → attribution bridge)', () => {
  let stack: ProductStack;
  let resellerId: string;
  let otherPartnerId: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
  });
  afterAll(() => stack.stop());

  beforeEach(async () => {
    await freshWorld(stack);
    resellerId = await createPartner(stack, 'Northwind Resale', 'RESELLER', RESELLER_ACCOUNT);
    otherPartnerId = await createPartner(stack, 'Contoso Consulting', 'BOUTIQUE_CONSULTANT', OTHER_PARTNER_ACCOUNT);
  });

  async function buyerAcceptsChannelOffer(value: string) {
    const accepted = await call<{ agreementId?: string; id?: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: {
        offerId: 'offer-cppo-1',
        acceptorAccountId: BUYER_ACCOUNT,
        proposerAccountId: RESELLER_ACCOUNT,
        manufacturerAccountId: ISV_ACCOUNT,
        productId: 'prod-analytics',
        resaleAuthorizationId: 'resaleauthz-1',
        agreementValue: value,
        currency: 'USD',
      },
    });
    expect(accepted.status).toBe(201);
    return (accepted.body.agreementId ?? accepted.body.id) as string;
  }

  const creditsOf = (partnerId: string, key = ADMIN_KEY) =>
    call<Credits>('GET', `${stack.apiUrl}/v1/partners/${partnerId}/credits`, { key });

  async function proposerEvent(agreementId: string) {
    const events = await call<{ events: { id: string; kind: string; body: { detail: { agreement: { id: string } } } }[] }>(
      'GET',
      `${stack.sandboxUrl}/_sandbox/events?channel=eventbridge`,
    );
    const event = events.body.events.find(
      (e) => e.kind === 'Purchase Agreement Created - Proposer' && e.body.detail.agreement.id === agreementId,
    );
    if (!event) throw new Error(`no proposer event for ${agreementId}`);
    return event;
  }

  it('credits the reseller whose AWS account proposed the offer with the agreement value', async () => {
    const agreementId = await buyerAcceptsChannelOffer('12000.00');

    const credits = await eventually(async () => {
      const answer = await creditsOf(resellerId);
      expect(answer.body.entries).toHaveLength(1);
      return answer.body;
    });
    expect(credits.entries[0]).toMatchObject({
      amountMinor: '1200000',
      amount: '12000.00',
      currency: 'USD',
      engagement: 'SOURCED',
      source: 'PURCHASE',
      agreementId,
    });
    expect(credits.totals).toEqual([expect.objectContaining({ engagement: 'SOURCED', amountMinor: '1200000' })]);
    expect((await creditsOf(otherPartnerId)).body.entries).toHaveLength(0);
  });

  it('credits once when the same event is delivered again and many times at once', async () => {
    const agreementId = await buyerAcceptsChannelOffer('5000.00');
    const event = await eventually(() => proposerEvent(agreementId));
    await eventually(async () => expect((await creditsOf(resellerId)).body.entries).toHaveLength(1));

    const redelivered = await call('POST', `${stack.sandboxUrl}/_sandbox/events/${event.id}/redeliver`);
    expect(redelivered.status).toBe(200);
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, { body: event.body })),
    );
    expect(concurrent.map((a) => a.status)).toEqual(Array(20).fill(202));

    // Both the Proposer and the Manufacturer events of this agreement, every copy, processed:
    await eventually(async () => {
      const [{ pending }] = await queryDatabase<{ pending: string }>(
        stack.config.DATABASE_URL,
        'SELECT count(*) AS pending FROM marketplace_event WHERE processed_at IS NULL',
      );
      expect(pending).toBe('0');
    });
    const credits = (await creditsOf(resellerId)).body;
    expect(credits.entries).toHaveLength(1);
    expect(credits.totals[0].amountMinor).toBe('500000');
  });

  it('credits once when two different events of one agreement race (new event ids, same agreement)', async () => {
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: false } });
    const agreementId = await buyerAcceptsChannelOffer('777.77');
    const event = await eventually(() => proposerEvent(agreementId));
    const copies = Array.from({ length: 12 }, (_, i) => ({ ...(event.body as object), id: `${event.id}-copy-${i}` }));
    const answers = await Promise.all(copies.map((body) => call('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, { body })));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    await eventually(async () => {
      const [{ pending }] = await queryDatabase<{ pending: string }>(
        stack.config.DATABASE_URL,
        'SELECT count(*) AS pending FROM marketplace_event WHERE processed_at IS NULL',
      );
      expect(pending).toBe('0');
    });
    const credits = (await creditsOf(resellerId)).body;
    expect(credits.entries.map((e) => e.amountMinor)).toEqual(['77777']);
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: true } });
  });

  it('takes the credit back when the buyer cancels, as a negative entry', async () => {
    const agreementId = await buyerAcceptsChannelOffer('1000.00');
    await eventually(async () => expect((await creditsOf(resellerId)).body.entries).toHaveLength(1));
    expect((await call('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements/${agreementId}/cancel`)).status).toBe(200);
    const credits = await eventually(async () => {
      const answer = (await creditsOf(resellerId)).body;
      expect(answer.entries).toHaveLength(2);
      return answer;
    });
    expect(credits.entries.map((e) => [e.source, e.amountMinor])).toEqual([
      ['PURCHASE', '100000'],
      ['CANCELLATION', '-100000'],
    ]);
    expect(credits.totals[0].amountMinor).toBe('0');
  });

  it('refuses a body that is not JSON with a 400 naming the problem, and stores nothing', async () => {
    const answer = await call<{ message: string; details: { field: string }[] }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, {
      rawBody: '{"id": "x", ',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details[0].field).toBe('(body)');
    expect(answer.body.message).toMatch(/not valid JSON/);
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+|SELECT|prisma/i);
    const [{ count }] = await queryDatabase<{ count: string }>(stack.config.DATABASE_URL, 'SELECT count(*) FROM marketplace_event');
    expect(count).toBe('0');
  });

  // An API destination does not retry a 4xx: a readable body the product cannot act on is kept, parked with the reason, and credits nobody.
  it.each([
    [
      'an envelope without an id',
      {
        source: 'aws.agreement-marketplace',
        'detail-type': 'Purchase Agreement Created - Proposer',
        time: '2026-11-24T10:00:00Z',
        detail: {},
      },
      /not an EventBridge event: id/,
    ],
    [
      'a purchase event without an agreement id',
      {
        id: 'evt-1',
        source: 'aws.agreement-marketplace',
        'detail-type': 'Purchase Agreement Created - Proposer',
        time: '2026-11-24T10:00:00Z',
        detail: { agreement: {}, acceptor: { accountId: BUYER_ACCOUNT } },
      },
      /detail\.agreement\.id/,
    ],
    [
      'an unknown source',
      { id: 'evt-3', source: 'aws.ec2', 'detail-type': 'x', time: '2026-11-24T10:00:00Z', detail: {} },
      /does not know "x" from aws\.ec2/,
    ],
  ])('keeps %s, answers 202 and parks it with the reason', async (_, body, reason) => {
    const answer = await call<{ parked?: string; eventId: string }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, { body });
    expect(answer.status).toBe(202);
    expect(answer.body.parked).toMatch(reason);
    const rows = await queryDatabase<{ parked: boolean; reason: string }>(
      stack.config.DATABASE_URL,
      'SELECT parked_at IS NOT NULL AS parked, park_reason AS reason FROM marketplace_event',
    );
    expect(rows).toEqual([{ parked: true, reason: answer.body.parked }]);
    const [{ count }] = await queryDatabase<{ count: string }>(stack.config.DATABASE_URL, 'SELECT count(*) FROM partner_credit');
    expect(count).toBe('0');
  });

  it('takes no party from the event body: a purchase event naming a made-up proposer is only a signal, and the marketplace does not know its agreement', async () => {
    const answer = await call<{ parked?: string; eventId: string }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, {
      body: {
        id: 'evt-2',
        source: 'aws.agreement-marketplace',
        'detail-type': 'Purchase Agreement Created - Proposer',
        time: '2026-11-24T10:00:00Z',
        detail: {
          agreement: { id: 'agmt-1' },
          acceptor: { accountId: BUYER_ACCOUNT },
          proposer: { accountId: 'reseller' },
          offer: { id: 'o' },
        },
      },
    });
    expect(answer.status).toBe(202);
    expect(answer.body.parked).toBeUndefined();
    await eventually(async () => {
      const [row] = await queryDatabase<{ outcome: string | null }>(
        stack.config.DATABASE_URL,
        'SELECT outcome FROM marketplace_event WHERE id = $1',
        [answer.body.eventId],
      );
      expect(row.outcome).toMatch(/not credited: agreement agmt-1 is not known to the marketplace/);
    });
    expect((await creditsOf(resellerId)).body.entries).toEqual([]);
  });

  it('lets a partner read its own credits and answers 404 for another partner', async () => {
    await buyerAcceptsChannelOffer('300.00');
    const issued = await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'contoso portal', role: 'PARTNER', partnerId: otherPartnerId },
    });
    expect(issued.status).toBe(201);
    await eventually(async () => expect((await creditsOf(resellerId)).body.entries).toHaveLength(1));

    expect((await creditsOf(otherPartnerId, issued.body.key)).status).toBe(200);
    expect((await creditsOf(resellerId, issued.body.key)).status).toBe(404);
    expect((await call('GET', `${stack.apiUrl}/v1/partners/${resellerId}/credits`)).status).toBe(401);
  });
});
