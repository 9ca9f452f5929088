import { eventually, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import {
  acceptOffer,
  ADMIN_KEY,
  createCustomer,
  createPartner,
  creditsOf,
  freshWorld,
  registerDeal,
} from '../attribution/attribution-fixtures';
import { createBudget, issueKey, requestFunds, thisQuarter } from './mdf-fixtures';

jest.setTimeout(90_000);

interface RoiFigures {
  dealsRegistered: number;
  spent: { amountMinor: string };
  pipeline: { amountMinor: string };
  creditedRevenue: { amountMinor: string };
  revenuePerMdfDollar: string | null;
}
interface Roi {
  activities: (RoiFigures & { requestId: string })[];
  byPartner: (RoiFigures & { partnerId: string })[];
  byPeriod: (RoiFigures & { period: string })[];
}

/**
 * A small story whose ROI is worked out by hand: Globex spends 3,000.00 of MDF
 * on a dinner for Initech; afterwards it registers Initech (pipeline
 * 100,000.00, the registration's estimate) and Initech buys for 42,000.00,
 * credited to Globex as sourced. Hooli, not a target of the dinner, also buys
 * through Globex: that revenue is not the dinner's. 42,000 / 3,000 = 14.
 */
describe('market development funds: revenue per MDF dollar, from the ledger', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());

  it('credits an activity with the registrations, pipeline and credited revenue of its target customers that followed it', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    const hooli = await createCustomer(stack, 'Hooli', [{ cloud: 'AWS', accountId: '710000000002' }]);
    await createBudget(stack, { period: thisQuarter(), partnerId: gsi, amount: '10000.00' });
    const partnerKey = await issueKey(stack, 'PARTNER', gsi);
    const otherKey = await issueKey(stack, 'PARTNER', other);

    const dinner = await requestFunds(stack, partnerKey, { amount: '5000.00', targetCustomerIds: [initech], title: 'Initech dinner' });
    const turnedDown = await requestFunds(stack, partnerKey, { amount: '900.00', targetCustomerIds: [hooli], title: 'Hooli golf' });
    await call('POST', `${stack.apiUrl}/v1/mdf/requests/${turnedDown.id}/reject`, {
      key: ADMIN_KEY,
      body: { reason: 'not a high-intent activity' },
    });
    await call('POST', `${stack.apiUrl}/v1/mdf/requests/${dinner.id}/approve`, { key: ADMIN_KEY, body: {} });
    await call('POST', `${stack.apiUrl}/v1/mdf/requests/${dinner.id}/claim`, {
      key: partnerKey,
      body: { amount: '3000.00', leadsReached: 12, customersReached: 1, summary: 'Initech data team, 12 people' },
    });
    await fetch(`${stack.apiUrl}/v1/mdf/requests/${dinner.id}/claim/attachments?fileName=invoice.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4 venue invoice'),
    });
    const claimApproved = await call('POST', `${stack.apiUrl}/v1/mdf/requests/${dinner.id}/claim/approve`, { key: ADMIN_KEY, body: {} });
    expect(claimApproved.status).toBe(200);

    for (const customer of [initech, hooli]) {
      const deal = await registerDeal(stack, gsi, customer, 'SOURCED');
      await call('POST', `${stack.apiUrl}/v1/deals/${deal}/approve`, { key: ADMIN_KEY, body: {} });
    }
    await acceptOffer(stack, { buyer: '710000000001', value: '42000.00' });
    await acceptOffer(stack, { buyer: '710000000002', value: '10000.00' });
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(2), { timeoutMs: 30_000 });

    const roi = await call<Roi>('GET', `${stack.apiUrl}/v1/mdf/roi`, { key: partnerKey });
    expect(roi.status).toBe(200);
    const byHand = {
      dealsRegistered: 1,
      spent: expect.objectContaining({ amountMinor: '300000' }),
      pipeline: expect.objectContaining({ amountMinor: '10000000' }),
      creditedRevenue: expect.objectContaining({ amountMinor: '4200000' }),
      revenuePerMdfDollar: '14.0000',
    };
    expect(roi.body.activities).toEqual([expect.objectContaining({ requestId: dinner.id, ...byHand })]);
    expect(roi.body.byPartner).toEqual([expect.objectContaining({ partnerId: gsi, ...byHand })]);
    expect(roi.body.byPeriod).toEqual([expect.objectContaining({ period: thisQuarter(), ...byHand })]);

    // Another partner's ROI holds none of Globex's activities; staff can filter by partner.
    expect((await call<Roi>('GET', `${stack.apiUrl}/v1/mdf/roi`, { key: otherKey })).body.activities).toEqual([]);
    const staffView = await call<Roi>('GET', `${stack.apiUrl}/v1/mdf/roi?partnerId=${gsi}`, { key: ADMIN_KEY });
    expect(staffView.body.byPartner).toEqual([expect.objectContaining(byHand)]);
  });
});
