import { eventually, queryDatabase, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, createCustomer, createPartner, creditsOf, registerDeal } from '../attribution/attribution-fixtures';
import { documented } from '../fixtures/azure/documented-message';
import { expectSameShape } from '../sandbox/documented-shape';
import { azureAgreement, azureSuiteStack, buyOnAzure, confirm, TENANT } from './azure-fixtures';

jest.setTimeout(90_000);

/**
 * The Azure lifecycle actions that move money or the record beyond a plan
 * change ("Implementing a webhook on the SaaS service"), through the real
 * HTTP, queues and the sandbox: the activation's Subscribe webhook is
 * handled, not parked, and records nothing twice; a Renew charges one more
 * term, so the agreement and the partner's credit grow by a term and its end
 * moves to the renewed term's.
 */
describe('Azure lifecycle: Subscribe and Renew', () => {
  const suite = azureSuiteStack();
  let stack: ProductStack;
  beforeEach(() => {
    stack = suite();
  });

  const events = (subscriptionId: string, action: string) =>
    queryDatabase<{ processed_at: Date | null; parked_at: Date | null; outcome: string | null }>(
      stack.config.DATABASE_URL,
      `SELECT processed_at, parked_at, outcome FROM marketplace_event WHERE cloud = 'AZURE' AND detail_type = $1 AND payload->'operation'->>'subscriptionId' = $2`,
      [action, subscriptionId],
    );
  const count = async (table: string) =>
    Number((await queryDatabase<{ n: string }>(stack.config.DATABASE_URL, `SELECT count(*) AS n FROM ${table}`))[0].n);
  const sandboxTerm = async (subscriptionId: string) =>
    (
      await call<{ term: { startDate: string; endDate: string } }>(
        'GET',
        `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${subscriptionId}`,
      )
    ).body.term;

  async function creditedPartner() {
    const customerId = await createCustomer(stack, 'Fabrikam', [{ cloud: 'AZURE', accountId: TENANT }]);
    const partnerId = await createPartner(stack, 'Globex Integrators', 'GSI', '210000000001');
    const deal = await registerDeal(stack, partnerId, customerId, 'SOURCED');
    expect((await call('POST', `${stack.apiUrl}/v1/deals/${deal}/approve`, { key: ADMIN_KEY, body: { reason: 'qualified' } })).status).toBe(
      200,
    );
    // With the new-logo kicker (5% of the value: Fabrikam's first subscription to the offer), which follows the value as the split does.
    return async () => (await creditsOf(stack, partnerId)).body.totals.reduce((sum, t) => sum + BigInt(t.amountMinor), 0n);
  }

  it('handles the activation’s Subscribe webhook as documented: read back, acknowledged, nothing recorded twice', async () => {
    const credit = await creditedPartner();
    const { subscriptionId, token } = await buyOnAzure(stack, 'silver', 3);
    expect((await confirm(stack, token)).status).toBe(200);
    await eventually(async () => expect(await credit()).toBe(31500n));

    // Azure tells the webhook of the activation; its body is the page's webhook payload with action Subscribe.
    const delivered = await eventually(async () => {
      const page = await call<{ events: { kind: string; body: Record<string, unknown>; attempts: { httpStatus?: number }[] }[] }>(
        'GET',
        `${stack.sandboxUrl}/_sandbox/events?channel=azure-webhook&kind=Subscribe`,
      );
      expect(page.body.events).toHaveLength(1);
      expect(page.body.events[0].attempts.map((a) => a.httpStatus)).toEqual([200]);
      return page.body.events[0];
    });
    expectSameShape(delivered.body, documented('webhook/subscribe.json').message, {
      ignoreValuesAt: [
        'id',
        'activityId',
        'subscriptionId',
        'timeStamp',
        'quantity',
        'subscription.*',
        'subscription.*.*',
        'subscription.term.*',
      ],
    });

    const [handled] = await eventually(async () => {
      const rows = await events(subscriptionId, 'Subscribe');
      expect(rows).toHaveLength(1);
      expect(rows[0].processed_at).not.toBeNull();
      return rows;
    });
    expect(handled.parked_at).toBeNull();
    // The landing page had recorded the activation: one agreement, one credit, the same value.
    expect(await count('agreement')).toBe(1);
    expect((await azureAgreement(stack, subscriptionId))?.value_minor).toBe('30000');
    expect(await credit()).toBe(31500n);
  });

  it('a Renew charges one more term: the agreement’s value and the partner’s credit grow by a term, its end moves to the renewed term’s', async () => {
    const credit = await creditedPartner();
    const { subscriptionId, token } = await buyOnAzure(stack, 'silver', 3);
    expect((await confirm(stack, token)).status).toBe(200);
    await eventually(async () => expect(await credit()).toBe(31500n));
    const firstTerm = await sandboxTerm(subscriptionId);

    await call('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${subscriptionId}/actions`, { body: { action: 'Renew' } });
    const renewed = await sandboxTerm(subscriptionId);
    expect(renewed.startDate).toBe(firstTerm.endDate);
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.value_minor).toBe('60000'));
    const [agreement] = await queryDatabase<{ starts_at: Date; ends_at: Date }>(
      stack.config.DATABASE_URL,
      `SELECT starts_at, ends_at FROM agreement WHERE cloud = 'AZURE' AND marketplace_agreement_id = $1`,
      [subscriptionId],
    );
    expect(agreement.ends_at.toISOString()).toBe(new Date(renewed.endDate).toISOString());
    expect(agreement.starts_at.toISOString()).toBe(new Date(firstTerm.startDate).toISOString());
    await eventually(async () => expect(await credit()).toBe(63000n));

    // The same Renew again (Microsoft retries a webhook) lands on the same event: still two terms.
    const [renewEvent] = await events(subscriptionId, 'Renew');
    expect(renewEvent.processed_at).not.toBeNull();
    expect(await count('agreement')).toBe(1);
    expect(await credit()).toBe(63000n);
  });
});
