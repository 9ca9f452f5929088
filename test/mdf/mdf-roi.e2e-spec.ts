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
 * A small story whose ROI is worked out by hand. Globex spends 3,000.00 of MDF
 * on a dinner for Initech; a few hours later a workshop for Initech and Hooli
 * starts, approved for 2,000.00; a retail-segment campaign is approved for
 * 1,000.00. Then Globex registers Initech and Hooli (pipeline 100,000.00
 * each) and they buy for 42,000.00 and 10,000.00, credited to Globex.
 *
 * Each dollar counts once, for the latest activity for its customer that had
 * started (libs/domain mdf-attribution.rule): the workshop gets Initech's and
 * Hooli's registrations and revenue, 52,000 / 2,000 = 26; the dinner, which
 * the workshop followed, gets none: 0 / 3,000 = 0; the segment campaign names
 * no customers and is reported unmeasured. Globex in all: 52,000 credited
 * (not 94,000, as counting Initech for both activities would), 200,000
 * pipeline, 2 registrations, over 6,000 spent = 8.6666.
 */
describe('market development funds: revenue per MDF dollar, from the ledger', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());

  it('counts each registration and credited dollar once, for the latest activity that targeted its customer', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    const hooli = await createCustomer(stack, 'Hooli', [{ cloud: 'AWS', accountId: '710000000002' }]);
    await createBudget(stack, { period: thisQuarter(), partnerId: gsi, amount: '10000.00' });
    const partnerKey = await issueKey(stack, 'PARTNER', gsi);
    const otherKey = await issueKey(stack, 'PARTNER', other);
    const approve = async (id: string) =>
      expect((await call('POST', `${stack.apiUrl}/v1/mdf/requests/${id}/approve`, { key: ADMIN_KEY, body: {} })).status).toBe(200);

    // Hours, not days, apart: all three fall in this quarter whenever the test runs (but in its first hours).
    const dinner = await requestFunds(stack, partnerKey, {
      amount: '5000.00',
      targetCustomerIds: [initech],
      title: 'Initech dinner',
      startedDaysAgo: 0.2,
    });
    const workshop = await requestFunds(stack, partnerKey, {
      amount: '2000.00',
      targetCustomerIds: [initech, hooli],
      title: 'Data workshop',
      startedDaysAgo: 0.1,
    });
    const campaign = await requestFunds(stack, partnerKey, { amount: '1000.00', title: 'Retail campaign', startedDaysAgo: 0.1 });
    const turnedDown = await requestFunds(stack, partnerKey, { amount: '900.00', targetCustomerIds: [hooli], title: 'Hooli golf' });
    await call('POST', `${stack.apiUrl}/v1/mdf/requests/${turnedDown.id}/reject`, {
      key: ADMIN_KEY,
      body: { reason: 'not a high-intent activity' },
    });
    for (const request of [dinner, workshop, campaign]) await approve(request.id);
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
    // Each purchase's split and its new-logo kicker (each customer's first agreement for the product): ROI counts the split alone.
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(4), { timeoutMs: 30_000 });

    const roi = await call<Roi>('GET', `${stack.apiUrl}/v1/mdf/roi`, { key: partnerKey });
    expect(roi.status).toBe(200);
    const figures = (deals: number, spent: string, pipeline: string, credited: string, ratio: string | null) => ({
      dealsRegistered: deals,
      spent: expect.objectContaining({ amountMinor: spent }),
      pipeline: expect.objectContaining({ amountMinor: pipeline }),
      creditedRevenue: expect.objectContaining({ amountMinor: credited }),
      revenuePerMdfDollar: ratio,
    });
    expect(roi.body.activities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requestId: dinner.id, ...figures(0, '300000', '0', '0', '0.0000'), unmeasured: null }),
        expect.objectContaining({ requestId: workshop.id, ...figures(2, '200000', '20000000', '5200000', '26.0000') }),
        expect.objectContaining({
          requestId: campaign.id,
          ...figures(0, '100000', '0', '0', '0.0000'),
          unmeasured: expect.stringMatching(/segment/),
        }),
      ]),
    );
    expect(roi.body.activities).toHaveLength(3);
    const byHand = figures(2, '600000', '20000000', '5200000', '8.6666');
    expect(roi.body.byPartner).toEqual([expect.objectContaining({ partnerId: gsi, ...byHand })]);
    expect(roi.body.byPeriod).toEqual([expect.objectContaining({ period: thisQuarter(), ...byHand })]);

    // Another partner's ROI holds none of Globex's activities; staff can filter by partner.
    expect((await call<Roi>('GET', `${stack.apiUrl}/v1/mdf/roi`, { key: otherKey })).body.activities).toEqual([]);
    const staffView = await call<Roi>('GET', `${stack.apiUrl}/v1/mdf/roi?partnerId=${gsi}`, { key: ADMIN_KEY });
    expect(staffView.body.byPartner).toEqual([expect.objectContaining(byHand)]);
  });
});
