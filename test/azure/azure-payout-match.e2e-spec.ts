import { eventually, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY } from '../attribution/attribution-fixtures';
import { azureAgreement, azureSuiteStack, buyOnAzure, confirm, OFFER, TENANT } from './azure-fixtures';

jest.setTimeout(90_000);

const HEADER =
  'earning_id,transaction_id,transaction_date,transaction_type,customer_tenant_id,subscription_id,offer_id,plan_id,transaction_currency,' +
  'transaction_amount,store_service_fee,earning_amount,payout_status,payment_id,payment_date';

/**
 * The money end of an Azure sale: the agreement the landing page recorded
 * is what a Partner Center payout line for that subscription is matched
 * against (by the subscription id), so it reconciles without any SQL.
 */
describe('an Azure payout line matches the agreement the landing page recorded', () => {
  const suite = azureSuiteStack();
  let stack: ProductStack;
  beforeEach(() => {
    stack = suite();
  });

  async function importPayout(lines: string[]) {
    const response = await fetch(`${stack.apiUrl}/v1/reconciliation/imports?feed=azure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv' },
      body: `${HEADER}\n${lines.join('\n')}\n`,
    });
    expect([200, 202]).toContain(response.status);
  }
  const item = (subscriptionId: string) =>
    call<{ status: string; expectedNet: { amountMinor: string }; disbursed: { amountMinor: string }; explanation: string }>(
      'GET',
      `${stack.apiUrl}/v1/reconciliation/items/azure/${subscriptionId}`,
      { key: ADMIN_KEY },
    );

  it('MATCHED when Microsoft paid one term less its 3% store service fee; SHORT_PAID when it paid less', async () => {
    const { subscriptionId, token } = await buyOnAzure(stack, 'silver', 3);
    expect((await confirm(stack, token)).status).toBe(200);
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.value_minor).toBe('30000'));
    // $300.00 billed, $9.00 fee, $291.00 earned and sent.
    await importPayout([
      `earn-az-1,tx-az-1,2026-11-05,BILLED,${TENANT},${subscriptionId},${OFFER},silver,USD,300.00,-9.00,291.00,SENT,pay-az-1,2026-12-01`,
    ]);
    const matched = await eventually(async () => {
      const answer = await item(subscriptionId);
      expect(answer.status).toBe(200);
      return answer.body;
    });
    expect(matched).toMatchObject({ status: 'MATCHED', expectedNet: { amountMinor: '29100' }, disbursed: { amountMinor: '29100' } });

    const other = await buyOnAzure(stack, 'gold', 2);
    expect((await confirm(stack, other.token)).status).toBe(200);
    await eventually(async () => expect((await azureAgreement(stack, other.subscriptionId))?.value_minor).toBe('50000'));
    await importPayout([
      `earn-az-2,tx-az-2,2026-11-06,BILLED,${TENANT},${other.subscriptionId},${OFFER},gold,USD,450.00,-13.50,436.50,SENT,pay-az-2,2026-12-01`,
    ]);
    await eventually(async () => expect((await item(other.subscriptionId)).body.status).toBe('SHORT_PAID'));
  });
});
