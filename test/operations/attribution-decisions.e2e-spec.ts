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
import { issueKey } from '../mdf/mdf-fixtures';

jest.setTimeout(90_000);

/** A first day without SQL: a partner reads why a purchase was or was not credited to it (attribution decisions). */
describe('first day without SQL: attribution decisions a partner can read', () => {
  let stack: ProductStack;
  const url = (path: string) => `${stack.apiUrl}${path}`;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());
  beforeEach(() => freshWorld(stack));

  it('shows a partner why a purchase was or was not credited to it, with the rule and its version, naming no other partner', async () => {
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    const won = await registerDeal(stack, gsi, initech, 'SOURCED');
    await call('POST', url(`/v1/deals/${won}/approve`), { key: ADMIN_KEY, body: {} });
    await registerDeal(stack, other, initech, 'INFLUENCED'); // still pending: considered, not credited
    await acceptOffer(stack, { buyer: '710000000001', value: '42000.00' });
    // The split, and the new-logo kicker of Initech's first agreement for the product.
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(2));

    interface Decisions {
      decisions: {
        winner: string;
        reason: string;
        ruleSetVersion: number | null;
        creditedToYou?: boolean;
        credits: { partnerId: string; ruleId: string }[];
      }[];
    }
    const staff = await call<Decisions>('GET', url('/v1/attribution-decisions'), { key: ADMIN_KEY });
    expect(staff.body.decisions).toEqual([
      expect.objectContaining({
        winner: 'PARTNER',
        credits: [expect.objectContaining({ partnerId: gsi }), expect.objectContaining({ partnerId: gsi, kicker: 'NEW_LOGO' })],
      }),
    ]);
    expect(staff.body.decisions[0].credits[0].ruleId).toMatch(/\w/);

    const mine = await call<Decisions>('GET', url('/v1/attribution-decisions'), { key: await issueKey(stack, 'PARTNER', gsi) });
    expect(mine.body.decisions).toEqual([
      expect.objectContaining({
        creditedToYou: true,
        credits: [expect.objectContaining({ partnerId: gsi }), expect.objectContaining({ ruleId: 'KICKER_NEW_LOGO_FIRST_AGREEMENT' })],
      }),
    ]);
    const theirs = await call<Decisions>('GET', url('/v1/attribution-decisions'), { key: await issueKey(stack, 'PARTNER', other) });
    expect(theirs.body.decisions).toEqual([expect.objectContaining({ winner: 'PARTNER', creditedToYou: false, credits: [] })]);
    expect(theirs.body.decisions[0].reason.length).toBeGreaterThan(0);
    expect(JSON.stringify(theirs.body)).not.toContain(gsi);
    // A partner with nothing to do with the customer sees nothing of it.
    const stranger = await createPartner(stack, 'Tailspin Resale', 'RESELLER', '610000000003');
    expect(
      (await call<Decisions>('GET', url('/v1/attribution-decisions'), { key: await issueKey(stack, 'PARTNER', stranger) })).body.decisions,
    ).toEqual([]);
  });

  it('takes a confirmed new-logo claim only as far as the agreements agree: a claim on a later purchase of the product is overruled, and the partner reads why', async () => {
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    const claim = await call<{ id: string }>('POST', url('/v1/deals'), {
      key: ADMIN_KEY,
      body: { partnerId: gsi, customerId: initech, engagement: 'SOURCED', estimatedValue: '50000.00', isNewLogo: true },
    });
    await call('POST', url(`/v1/deals/${claim.body.id}/approve`), { key: ADMIN_KEY, body: { reason: 'new logo claim confirmed' } });
    const first = await acceptOffer(stack, { buyer: '710000000001', value: '10000.00' });
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(2));
    const second = await acceptOffer(stack, { buyer: '710000000001', value: '20000.00' });

    type Decisions = {
      decisions: {
        subject: string;
        reason: string;
        ruleSetVersion: number | null;
        credits: { ruleId: string; kicker: string | null; reason: string }[];
      }[];
    };
    const partnerKey = await issueKey(stack, 'PARTNER', gsi);
    const decisionOf = async (agreementId: string) =>
      (await call<Decisions>('GET', url('/v1/attribution-decisions'), { key: partnerKey })).body.decisions.find((d) =>
        d.subject.endsWith(`:${agreementId}`),
      );
    await eventually(async () => expect(await decisionOf(second)).toBeDefined());
    // The first purchase: a new logo because no earlier agreement exists, under the rule of the agreements, the claim only noted.
    const paid = await decisionOf(first);
    expect(paid?.credits.map((c) => [c.ruleId, c.kicker])).toEqual([
      ['REGISTRATION_SOURCED', null],
      ['KICKER_NEW_LOGO_FIRST_AGREEMENT', 'NEW_LOGO'],
    ]);
    expect(paid?.credits[1].reason).toMatch(
      /^customer \S+ is a new logo for AWS product prod-analytics: no agreement of theirs for it starts before .* \(as the partner claimed\): kicker of 5%/,
    );
    // The second: the confirmed claim is overruled by the first agreement, and the decision says so.
    const overruled = await decisionOf(second);
    expect(overruled?.credits.map((c) => [c.ruleId, c.kicker])).toEqual([['REGISTRATION_SOURCED', null]]);
    expect(overruled?.reason).toContain(
      `no new-logo kicker: customer ${initech} is not a new logo for AWS product prod-analytics: the partner claimed it, but its agreement ${first} started`,
    );
    const entries = (await creditsOf(stack, gsi)).body.entries;
    expect(entries.filter((e) => e.source === 'KICKER')).toEqual([
      expect.objectContaining({ amountMinor: '50000', agreementId: expect.any(String) }),
    ]);
    expect(entries.filter((e) => e.source === 'PURCHASE')).toHaveLength(2);
  });
});
