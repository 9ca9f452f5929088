import { queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, createCustomer, createPartner, freshWorld } from '../attribution/attribution-fixtures';
import { createBudget, daysFromNow, issueKey, requestFunds, thisQuarter, type MdfRequestView } from './mdf-fixtures';

jest.setTimeout(60_000);

describe('market development funds: request, decide, claim with proof, pay, expire', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ MDF_ATTACHMENT_MAX_BYTES: '4096', MDF_ATTACHMENTS_PER_CLAIM: '2' }), {
      workers: false,
    });
  });
  afterAll(() => stack.stop());

  it('takes a partner’s request through partial approval, a claim with proof, its approval and one payment, each audited', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    await createBudget(stack, { period: thisQuarter(), partnerId: gsi, amount: '10000.00' });
    const [partnerKey, otherKey, allianceKey, financeKey] = [
      await issueKey(stack, 'PARTNER', gsi),
      await issueKey(stack, 'PARTNER', other),
      await issueKey(stack, 'ALLIANCE'),
      await issueKey(stack, 'FINANCE'),
    ];
    const api = (path: string) => `${stack.apiUrl}/v1/mdf${path}`;

    // A partner may not request in another's name, nor name a customer that does not exist; nothing is stored.
    const forged = await call('POST', api('/requests'), {
      key: partnerKey,
      body: {
        partnerId: other,
        kind: 'EVENT',
        title: 't',
        plan: 'p',
        targetSegment: 's',
        amount: '1.00',
        startsAt: daysFromNow(-1),
        endsAt: daysFromNow(0),
      },
    });
    expect(forged).toMatchObject({ status: 400, body: { details: [{ field: 'partnerId' }] } });
    const noSuchCustomer = await call('POST', api('/requests'), {
      key: partnerKey,
      body: {
        kind: 'EVENT',
        title: 't',
        plan: 'p',
        targetCustomerIds: [other],
        amount: '1.00',
        startsAt: daysFromNow(-1),
        endsAt: daysFromNow(0),
      },
    });
    expect(noSuchCustomer).toMatchObject({ status: 400, body: { details: [{ field: 'targetCustomerIds' }] } });

    const request = await requestFunds(stack, partnerKey, { amount: '6000.00', targetCustomerIds: [initech] });
    expect(request).toMatchObject({ partnerId: gsi, status: 'SUBMITTED', requested: { amountMinor: '600000' } });

    // Another partner sees nothing of it: not in its list, 404 by id, 404 to act on it.
    expect((await call<{ requests: unknown[] }>('GET', api('/requests'), { key: otherKey })).body.requests).toEqual([]);
    expect((await call('GET', api(`/requests/${request.id}`), { key: otherKey })).status).toBe(404);
    expect((await call('GET', api(`/partners/${gsi}/balance`), { key: otherKey })).status).toBe(404);
    expect(
      (await call<{ requests: { id: string }[] }>('GET', api('/requests'), { key: partnerKey })).body.requests.map((r) => r.id),
    ).toEqual([request.id]);
    // A partner does not decide its own request.
    expect((await call('POST', api(`/requests/${request.id}/approve`), { key: partnerKey, body: {} })).status).toBe(403);

    // Sent back for changes, revised, then approved in part.
    const changes = await call<MdfRequestView>('POST', api(`/requests/${request.id}/request-changes`), {
      key: allianceKey,
      body: { reason: 'name the customers you will invite' },
    });
    expect(changes.body.status).toBe('CHANGES_REQUESTED');
    const revised = await call<MdfRequestView>('PUT', api(`/requests/${request.id}`), {
      key: partnerKey,
      body: {
        kind: 'EVENT',
        title: 'Initech data leaders dinner',
        plan: 'Dinner and a lab for Initech’s data team',
        targetCustomerIds: [initech],
        amount: '6000.00',
        startsAt: daysFromNow(-1),
        endsAt: daysFromNow(0),
      },
    });
    expect(revised.body.status).toBe('SUBMITTED');
    const tooMuch = await call('POST', api(`/requests/${request.id}/approve`), { key: allianceKey, body: { amount: '6000.01' } });
    expect(tooMuch).toMatchObject({ status: 409, body: { details: [{ field: 'amount', reason: 'is more than the partner requested' }] } });
    const approved = await call<MdfRequestView>('POST', api(`/requests/${request.id}/approve`), {
      key: allianceKey,
      body: { amount: '4500.00', reason: 'dinner only; the lab is covered by the vendor' },
    });
    expect(approved.body).toMatchObject({ status: 'APPROVED', approved: { amountMinor: '450000' }, held: { amountMinor: '450000' } });
    const balance = await call<{ budget: { available: { amountMinor: string } } }>('GET', api(`/partners/${gsi}/balance`), {
      key: partnerKey,
    });
    expect(balance.body.budget.available.amountMinor).toBe('550000');

    // The claim: within the approved amount, with proof no larger than the limit, at most two files.
    expect(
      (
        await call('POST', api(`/requests/${request.id}/claim`), {
          key: partnerKey,
          body: { amount: '4500.01', leadsReached: 40, customersReached: 1, summary: 'held' },
        })
      ).body,
    ).toMatchObject({ details: [{ field: 'amount' }] });
    const claimed = await call<MdfRequestView>('POST', api(`/requests/${request.id}/claim`), {
      key: partnerKey,
      body: { amount: '4200.00', leadsReached: 40, customersReached: 1, summary: '32 attendees, 12 from Initech' },
    });
    expect(claimed.body.status).toBe('CLAIMED');
    const noProof = await call('POST', api(`/requests/${request.id}/claim/approve`), { key: allianceKey, body: {} });
    expect(noProof).toMatchObject({ status: 409, body: { details: [{ field: 'attachments' }] } });

    const upload = (bytes: Buffer, key = partnerKey, name = 'attendees.csv') =>
      fetch(api(`/requests/${request.id}/claim/attachments?fileName=${name}`), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: bytes,
      });
    const oversized = await upload(Buffer.alloc(4097, 'a'));
    expect(oversized.status).toBe(413);
    expect(((await oversized.json()) as { details: unknown[] }).details).toEqual([
      { field: '(body)', reason: 'is larger than the 4096 bytes this endpoint accepts' },
    ]);
    expect((await upload(Buffer.from('name\nA'), otherKey)).status).toBe(404);
    const proof = Buffer.from('name,company\nAda,Initech\n');
    const attached = await upload(proof);
    expect(attached.status).toBe(201);
    const attachment = (await attached.json()) as { id: string; sizeBytes: number };
    expect(attachment.sizeBytes).toBe(proof.length);
    expect((await upload(Buffer.from('photo'), partnerKey, 'photo.jpg')).status).toBe(201);
    expect((await upload(Buffer.from('third'), partnerKey, 'third.txt')).status).toBe(409);
    const downloaded = await fetch(api(`/requests/${request.id}/claim/attachments/${attachment.id}`), {
      headers: { authorization: `Bearer ${partnerKey}` },
    });
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(proof);
    expect(
      (await fetch(api(`/requests/${request.id}/claim/attachments/${attachment.id}`), { headers: { authorization: `Bearer ${otherKey}` } }))
        .status,
    ).toBe(404);

    // Alliance approves less than claimed; the rest returns to the budget. Finance pays once.
    const claimApproved = await call<MdfRequestView>('POST', api(`/requests/${request.id}/claim/approve`), {
      key: allianceKey,
      body: { amount: '4000.00', reason: 'venue invoice was 4,000' },
    });
    expect(claimApproved.body).toMatchObject({ status: 'CLAIM_APPROVED', held: { amountMinor: '400000' } });
    expect(
      (await call<{ budget: { available: { amountMinor: string } } }>('GET', api(`/partners/${gsi}/balance`), { key: partnerKey })).body
        .budget.available.amountMinor,
    ).toBe('600000');
    expect(
      (await call('POST', api(`/requests/${request.id}/claim/pay`), { key: partnerKey, body: { paymentReference: 'x' } })).status,
    ).toBe(403);
    const paid = await call<MdfRequestView>('POST', api(`/requests/${request.id}/claim/pay`), {
      key: financeKey,
      body: { paymentReference: 'AP-2026-0042' },
    });
    expect(paid.body).toMatchObject({ status: 'PAID', claim: { status: 'PAID', paymentReference: 'AP-2026-0042' } });
    const again = await call('POST', api(`/requests/${request.id}/claim/pay`), {
      key: financeKey,
      body: { paymentReference: 'AP-2026-0043' },
    });
    expect(again).toMatchObject({ status: 409, body: { details: [{ field: 'claim.status' }] } });

    const audit = await queryDatabase<{ action: string; reason: string | null }>(
      stack.config.DATABASE_URL,
      `SELECT action, reason FROM audit_entry WHERE entity_type = 'mdf_request' AND entity_id = $1 ORDER BY at, action`,
      [request.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'mdf.request.submitted',
      'mdf.request.changes-requested',
      'mdf.request.revised',
      'mdf.request.approved',
      'mdf.claim.submitted',
      'mdf.claim.proof-attached',
      'mdf.claim.proof-attached',
      'mdf.claim.approved',
      'mdf.claim.paid',
    ]);
    expect(audit.find((a) => a.action === 'mdf.request.approved')?.reason).toBe('dinner only; the lab is covered by the vendor');
  });

  it('reads an approved request left unclaimed past its deadline as expired, returns its funds and refuses a late claim', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    await queryDatabase(stack.config.DATABASE_URL, `UPDATE partner SET tier = 'SELECT' WHERE id = $1`, [gsi]);
    // A tier's pool, for the quarter the activity started in.
    const started = new Date(Date.now() - 20 * 86_400_000);
    const quarter = `${started.getUTCFullYear()}-Q${Math.floor(started.getUTCMonth() / 3) + 1}`;
    await createBudget(stack, { period: quarter, tier: 'SELECT', amount: '2000.00' });
    const request = await requestFunds(stack, ADMIN_KEY, { partnerId: gsi, amount: '2000.00', startedDaysAgo: 20 });
    const approved = await call<MdfRequestView>('POST', `${stack.apiUrl}/v1/mdf/requests/${request.id}/approve`, {
      key: ADMIN_KEY,
      body: { claimDeadline: new Date(Date.now() + 1500).toISOString() },
    });
    expect(approved.body).toMatchObject({ status: 'APPROVED', held: { amountMinor: '200000' } });
    await new Promise((resolve) => setTimeout(resolve, 1600));

    const read = await call<MdfRequestView>('GET', `${stack.apiUrl}/v1/mdf/requests/${request.id}`, { key: ADMIN_KEY });
    expect(read.body).toMatchObject({ status: 'EXPIRED', held: { amountMinor: '0' } });
    const expired = await call<{ requests: { id: string }[] }>('GET', `${stack.apiUrl}/v1/mdf/requests?status=EXPIRED`, { key: ADMIN_KEY });
    expect(expired.body.requests.map((r) => r.id)).toEqual([request.id]);
    const budgets = await call<{ budgets: { available: { amountMinor: string } }[] }>(
      'GET',
      `${stack.apiUrl}/v1/mdf/budgets?period=${quarter}`,
      {
        key: ADMIN_KEY,
      },
    );
    expect(budgets.body.budgets[0].available.amountMinor).toBe('200000');
    const late = await call('POST', `${stack.apiUrl}/v1/mdf/requests/${request.id}/claim`, {
      key: ADMIN_KEY,
      body: { amount: '100.00', leadsReached: 1, customersReached: 1, summary: 'late' },
    });
    expect(late).toMatchObject({ status: 409, body: { details: [{ field: 'claimDeadline' }] } });
  });

  it('refuses a budget that names both a tier and a partner, a second budget for the same quarter, and a cut below what is held', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const both = await call('POST', `${stack.apiUrl}/v1/mdf/budgets`, {
      key: ADMIN_KEY,
      body: { period: '2026-Q4', tier: 'SELECT', partnerId: gsi, amount: '1.00' },
    });
    expect(both).toMatchObject({ status: 400, body: { details: [{ field: 'partnerId' }] } });
    expect(
      (
        await call('POST', `${stack.apiUrl}/v1/mdf/budgets`, {
          key: ADMIN_KEY,
          body: { period: '2026-Q5', tier: 'SELECT', amount: '1.00' },
        })
      ).status,
    ).toBe(400);
    const budget = await createBudget(stack, { period: thisQuarter(), partnerId: gsi, amount: '1000.00' });
    const duplicate = await call('POST', `${stack.apiUrl}/v1/mdf/budgets`, {
      key: ADMIN_KEY,
      body: { period: thisQuarter(), partnerId: gsi, amount: '5.00' },
    });
    expect(duplicate.status).toBe(409);
    const request = await requestFunds(stack, ADMIN_KEY, { partnerId: gsi, amount: '800.00' });
    await call('POST', `${stack.apiUrl}/v1/mdf/requests/${request.id}/approve`, { key: ADMIN_KEY, body: {} });
    const cut = await call('PUT', `${stack.apiUrl}/v1/mdf/budgets/${budget}`, {
      key: ADMIN_KEY,
      body: { amount: '799.99', reason: 'cut' },
    });
    expect(cut).toMatchObject({ status: 409, body: { details: [{ field: 'amount' }] } });
    const raised = await call<{ available: { amountMinor: string } }>('PUT', `${stack.apiUrl}/v1/mdf/budgets/${budget}`, {
      key: ADMIN_KEY,
      body: { amount: '1500.00', reason: 'Q4 top-up' },
    });
    expect(raised.body.available.amountMinor).toBe('70000');
  });
});
