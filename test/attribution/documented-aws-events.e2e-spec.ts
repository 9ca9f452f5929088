import { randomUUID } from 'node:crypto';
import { eventually, queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { documented, withIds } from '../fixtures/aws/documented-message';
import { call } from '../http-client';
import { ADMIN_KEY, allEventsProcessed, createPartner, creditsOf, freshWorld } from './attribution-fixtures';

// The ids the fixtures use (test/fixtures/aws/EVENTS-SOURCES.md): the ISV, a reseller, a buyer.
const ISV = '111122223333';
const RESELLER = '444455556666';
const BUYER = '777788889999';
const PRODUCT_ID = 'prod-bridgetest0001';
const PRODUCT_CODE = 'bridgeprodcode00000000001';
const FIXTURE_AGREEMENT = 'agmt-bridgetest000000000000001';
const FIXTURE_CHANNEL_AGREEMENT = 'agmt-bridgetest000000000000002';

jest.setTimeout(90_000);

/**
 * The product takes AWS's agreement and licence events exactly as AWS's
 * documentation shows them (the fixtures name their pages): no product, no
 * licence, `resaleAuthorization.id` null for a direct offer, Ended with only
 * the agreement's id and status. Every fact comes from DescribeAgreement.
 * The sandbox's own deliveries are held, so only the documented messages
 * reach the product.
 */
describe('documented AWS agreement and licence events, as AWS sends them', () => {
  let stack: ProductStack;
  let resellerId: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
  });
  afterAll(() => stack.stop());

  beforeEach(async () => {
    await freshWorld(stack);
    await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: false } });
    resellerId = await createPartner(stack, 'Tailspin Resale', 'RESELLER', RESELLER);
  });

  /** A purchase the marketplace knows (so DescribeAgreement answers), whose own events the sandbox holds back. */
  async function purchase(input: { proposer: string; value: string; offerId: string; resaleAuthorizationId?: string }): Promise<string> {
    const accepted = await call<{ agreementId: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: {
        offerId: input.offerId,
        acceptorAccountId: BUYER,
        proposerAccountId: input.proposer,
        manufacturerAccountId: ISV,
        productId: PRODUCT_ID,
        productCode: PRODUCT_CODE,
        resaleAuthorizationId: input.resaleAuthorizationId,
        agreementValue: input.value,
      },
    });
    expect(accepted.status).toBe(201);
    return accepted.body.agreementId;
  }

  /** Posts a fixture's message to the EventBridge webhook, with a fresh event id and the sandbox's agreement id. */
  async function deliver(fixture: string, ids: Record<string, string>) {
    const { message } = documented<{ id: string }>(`events/${fixture}`);
    const event = withIds(message, { [message.id]: randomUUID(), ...ids });
    return call<{ accepted: boolean; eventId: string; parked?: string }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, {
      body: event,
    });
  }

  const storedAgreement = async (agreementId: string) =>
    (
      await queryDatabase<{
        product_id: string;
        proposer_account_id: string;
        acceptor_account_id: string;
        value_minor: string;
        status: string;
      }>(
        stack.config.DATABASE_URL,
        `SELECT product_id, proposer_account_id, acceptor_account_id, value_minor::text, status FROM agreement WHERE marketplace_agreement_id = $1`,
        [agreementId],
      )
    )[0];

  it('a direct purchase (Created - Proposer, resaleAuthorization.id null, no product) is recorded from DescribeAgreement; Ended with only id and status returns its credit', async () => {
    const agreementId = await purchase({ proposer: ISV, value: '1200.00', offerId: 'offer-bridgetest0000000001' });
    const created = await deliver('purchase-agreement-created-proposer.json', { [FIXTURE_AGREEMENT]: agreementId });
    expect(created.status).toBe(202);
    expect(created.body.parked).toBeUndefined();
    await eventually(async () =>
      expect(await storedAgreement(agreementId)).toMatchObject({
        product_id: PRODUCT_ID,
        acceptor_account_id: BUYER,
        proposer_account_id: ISV,
        value_minor: '120000',
        status: 'ACTIVE',
      }),
    );

    expect((await call('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements/${agreementId}/cancel`)).status).toBe(200);
    const ended = await deliver('purchase-agreement-ended-proposer.json', { [FIXTURE_AGREEMENT]: agreementId });
    expect(ended.status).toBe(202);
    expect(ended.body.parked).toBeUndefined();
    await eventually(async () => expect(await storedAgreement(agreementId)).toMatchObject({ status: 'CANCELLED', value_minor: '0' }));
  });

  it('a channel purchase credits its reseller once, whichever copies arrive (Manufacturer and Proposer)', async () => {
    const agreementId = await purchase({
      proposer: RESELLER,
      value: '50000.00',
      offerId: 'offer-bridgetest0000000002',
      resaleAuthorizationId: 'resaleauthz-bridgetest0000001',
    });
    const ids = { [FIXTURE_CHANNEL_AGREEMENT]: agreementId, [FIXTURE_AGREEMENT]: agreementId };
    expect((await deliver('purchase-agreement-created-manufacturer.json', ids)).status).toBe(202);
    expect((await deliver('purchase-agreement-created-proposer-channel.json', ids)).status).toBe(202);
    await eventually(() => allEventsProcessed(stack));
    const credits = await creditsOf(stack, resellerId);
    expect(credits.status).toBe(200);
    const total = credits.body.entries.filter((e) => e.agreementId !== null).reduce((sum, e) => sum + BigInt(e.amountMinor), 0n);
    expect(total).toBe(5_000_000n);
  });

  it('a forged body moves nothing: the parties the event names are ignored, and an agreement the marketplace does not know credits no one', async () => {
    // The marketplace says the ISV sold directly; the event claims the reseller proposed it.
    const agreementId = await purchase({ proposer: ISV, value: '9000.00', offerId: 'offer-bridgetest0000000001' });
    const forged = await deliver('purchase-agreement-created-proposer-channel.json', {
      [FIXTURE_CHANNEL_AGREEMENT]: agreementId,
      [FIXTURE_AGREEMENT]: agreementId,
    });
    expect(forged.status).toBe(202);
    const unknown = await deliver('purchase-agreement-created-proposer.json', { [FIXTURE_AGREEMENT]: 'agmt-nobodysoldthis0000000001' });
    expect(unknown.status).toBe(202);
    await eventually(() => allEventsProcessed(stack));
    expect(await storedAgreement(agreementId)).toMatchObject({ proposer_account_id: ISV });
    expect((await creditsOf(stack, resellerId)).body.entries).toEqual([]);
    expect(await storedAgreement('agmt-nobodysoldthis0000000001')).toBeUndefined();
    const [outcome] = await queryDatabase<{ outcome: string }>(
      stack.config.DATABASE_URL,
      `SELECT outcome FROM marketplace_event WHERE id = $1`,
      [unknown.body.eventId],
    );
    expect(outcome.outcome).toMatch(/not credited: agreement agmt-nobodysoldthis0000000001 is not known to the marketplace/);
  });

  it('License Updated registers the buyer for metering by account and licence; License Deprovisioned opens the final-usage window', async () => {
    const updated = await deliver('license-updated-manufacturer.json', {});
    expect(updated.status).toBe(202);
    expect(updated.body.parked).toBeUndefined();
    const subscription = async () =>
      (
        await queryDatabase<{
          aws_account_id: string;
          customer_ref: string;
          product_code: string;
          status: string;
          marketplace_agreement_id: string;
        }>(
          stack.config.DATABASE_URL,
          `SELECT aws_account_id, customer_ref, product_code, status, marketplace_agreement_id FROM metering_subscription WHERE cloud = 'AWS'`,
        )
      )[0];
    expect(await subscription()).toMatchObject({
      aws_account_id: BUYER,
      customer_ref: `${BUYER}/l-bridgetest0000000000000000000001`,
      product_code: PRODUCT_CODE,
      status: 'ACTIVE',
      marketplace_agreement_id: FIXTURE_AGREEMENT,
    });

    expect((await deliver('license-deprovisioned-manufacturer.json', {})).status).toBe(202);
    expect((await subscription()).status).toBe('UNSUBSCRIBE_PENDING');
    // A late, redelivered update does not bring the ended licence back.
    expect((await deliver('license-updated-manufacturer.json', {})).status).toBe(202);
    expect((await subscription()).status).toBe('UNSUBSCRIBE_PENDING');
  });

  it('documented catalog events (change sets, offers released) are taken, not refused nor parked', async () => {
    for (const fixture of [
      'event.change-set-succeeded.json',
      'event.change-set-failed.json',
      'event.change-set-cancelled.json',
      'event.offer-released.json',
    ]) {
      const { message } = documented<{ id: string }>(`catalog/${fixture}`);
      const answer = await call<{ parked?: string }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, {
        body: { ...message, id: randomUUID() },
      });
      expect({ fixture, status: answer.status, parked: answer.body.parked }).toEqual({ fixture, status: 202, parked: undefined });
    }
  });

  it('documented events the product does not act on are kept and answered, not refused nor parked', async () => {
    for (const fixture of [
      'agreement-cancellation-request-pending-approval-proposer.json',
      'purchase-agreement-ending-proposer.json',
      'purchase-agreement-billing-adjustment-completed-proposer.json',
    ]) {
      const answer = await deliver(fixture, {});
      expect({ fixture, status: answer.status, parked: answer.body.parked }).toEqual({ fixture, status: 202, parked: undefined });
    }
  });

  it('an authenticated event the product cannot read is stored, answered 202 and parked for an operator, who can replay it', async () => {
    const { message } = documented<Record<string, unknown>>('events/purchase-agreement-created-proposer.json');
    const novel = { ...message, id: randomUUID(), 'detail-type': 'Purchase Agreement Paused - Proposer' };
    const noId = withIds(message, { [message.id as string]: randomUUID(), [FIXTURE_AGREEMENT]: '' });
    const answers = [
      await call<{ eventId: string; parked?: string }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, { body: novel }),
      await call<{ eventId: string; parked?: string }>('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, { body: noId }),
    ];
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[0].body.parked).toMatch(/does not know "Purchase Agreement Paused - Proposer"/);
    expect(answers[1].body.parked).toMatch(/detail\.agreement\.id/);

    const parked = await call<{ messages: { id: string; reason: string; detailType: string }[] }>(
      'GET',
      `${stack.apiUrl}/v1/marketplace-messages/parked`,
      { key: ADMIN_KEY },
    );
    expect(parked.status).toBe(200);
    expect(parked.body.messages.map((m) => m.id).sort()).toEqual(answers.map((a) => a.body.eventId).sort());

    const replay = await call<{ message: string }>('POST', `${stack.apiUrl}/v1/marketplace-messages/${answers[0].body.eventId}/replay`, {
      key: ADMIN_KEY,
    });
    expect(replay.status).toBe(409);
    expect(replay.body.message).toMatch(/does not know/);
    // Still parked, never processed nor credited.
    const [row] = await queryDatabase<{ parked: boolean; processed: boolean }>(
      stack.config.DATABASE_URL,
      `SELECT parked_at IS NOT NULL AS parked, processed_at IS NOT NULL AS processed FROM marketplace_event WHERE id = $1`,
      [answers[0].body.eventId],
    );
    expect(row).toEqual({ parked: true, processed: false });

    // Operators see them on the dashboard's overview, with the reason.
    const overview = await fetch(`${stack.apiUrl}/dashboard`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const html = await overview.text();
    expect(overview.status).toBe(200);
    expect(html).toContain('data-testid="parked-messages"');
    expect(html).toContain('Purchase Agreement Paused - Proposer');
    expect(html).toContain(answers[0].body.eventId);
  });

  it('a parked message the product has since learnt is replayed and processed', async () => {
    const agreementId = await purchase({ proposer: ISV, value: '300.00', offerId: 'offer-bridgetest0000000001' });
    const { message } = documented<Record<string, unknown>>('events/purchase-agreement-created-proposer.json');
    const event = withIds(message, { [message.id as string]: randomUUID(), [FIXTURE_AGREEMENT]: agreementId });
    // Stored parked as an older product would have left it (its shape then unknown).
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO marketplace_event (id, cloud, external_id, source, detail_type, payload, parked_at, park_reason)
       VALUES (gen_random_uuid(), 'AWS', $1, 'aws.agreement-marketplace', $2, $3::jsonb, now(), 'detail.product: expected object')`,
      [event.id, event['detail-type'], JSON.stringify(event)],
    );
    const [{ id }] = await queryDatabase<{ id: string }>(
      stack.config.DATABASE_URL,
      `SELECT id FROM marketplace_event WHERE external_id = $1`,
      [event.id],
    );
    const replay = await call('POST', `${stack.apiUrl}/v1/marketplace-messages/${id}/replay`, { key: ADMIN_KEY });
    expect(replay.status).toBe(200);
    await eventually(async () => expect(await storedAgreement(agreementId)).toMatchObject({ value_minor: '30000' }));
    expect((await call('POST', `${stack.apiUrl}/v1/marketplace-messages/${id}/replay`, { key: ADMIN_KEY })).status).toBe(409);
    expect((await call('POST', `${stack.apiUrl}/v1/marketplace-messages/${id}/replay`, { key: 'not-a-key' })).status).toBe(401);
  });
});
