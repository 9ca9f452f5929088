import { randomUUID } from 'node:crypto';
import { queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { DEFAULT_PAGE_LIMIT } from '@bridge/pagination';
import { call } from '../http-client';
import { ADMIN_KEY, createCustomer, createPartner, freshWorld } from '../attribution/attribution-fixtures';
import { issueKey } from '../mdf/mdf-fixtures';

jest.setTimeout(90_000);

const auditOf = (stack: ProductStack, entityType: string, entityId: string) =>
  queryDatabase<{ action: string; reason: string | null; data: Record<string, unknown> }>(
    stack.config.DATABASE_URL,
    'SELECT action, reason, data FROM audit_entry WHERE entity_type = $1 AND entity_id = $2 ORDER BY at',
    [entityType, entityId],
  );

/** A first day without SQL: what operators record, they find, correct and retire through the API, each change audited. */
describe('first day without SQL: customers, commitments, listings, tiers, certifications, variances', () => {
  let stack: ProductStack;
  const url = (path: string) => `${stack.apiUrl}${path}`;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());
  beforeEach(() => freshWorld(stack));

  it('lets a partner enter a prospect and find it, another partner learn only its id by account, and alliance correct it', async () => {
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const [gsiKey, otherKey] = [await issueKey(stack, 'PARTNER', gsi), await issueKey(stack, 'PARTNER', other)];
    await createCustomer(stack, 'Contoso Retail', [{ cloud: 'AWS', accountId: '710000000009' }]);

    const strategic = await call('POST', url('/v1/customers'), {
      key: gsiKey,
      body: { name: 'Umbrella', strategic: true, cloudAccounts: [{ cloud: 'AWS', accountId: '710000000001' }] },
    });
    expect(strategic).toMatchObject({ status: 400, body: { details: [{ field: 'strategic' }] } });
    const prospect = await call<{ id: string; createdByPartnerId: string }>('POST', url('/v1/customers'), {
      key: gsiKey,
      body: { name: 'Umbrella Corp', cloudAccounts: [{ cloud: 'AWS', accountId: '710000000001' }] },
    });
    expect(prospect).toMatchObject({ status: 201, body: { createdByPartnerId: gsi } });

    // The partner finds its prospect by part of its name; it does not see the vendor's other customers.
    const found = await call<{ customers: { id: string; name: string }[] }>('GET', url('/v1/customers?q=umbr'), { key: gsiKey });
    expect(found.body.customers.map((c) => c.name)).toEqual(['Umbrella Corp']);
    expect((await call<{ customers: unknown[] }>('GET', url('/v1/customers'), { key: gsiKey })).body.customers).toHaveLength(1);
    // Staff see and search every customer, in a stable order, a page at a time.
    type CustomersPage = { customers: { name: string }[]; page: { limit: number; nextCursor: string | null } };
    const page1 = await call<CustomersPage>('GET', url('/v1/customers?limit=1'), { key: ADMIN_KEY });
    const page2 = await call<CustomersPage>('GET', url(`/v1/customers?limit=1&cursor=${page1.body.page.nextCursor}`), { key: ADMIN_KEY });
    expect(page2.body.page).toEqual({ limit: 1, nextCursor: null });
    // A cursor of another list is refused, naming the field.
    const foreign = await call<{ details: { field: string }[] }>(
      'GET',
      url(`/v1/attribution-decisions?cursor=${page1.body.page.nextCursor}`),
      {
        key: ADMIN_KEY,
      },
    );
    expect([foreign.status, foreign.body.details[0].field]).toEqual([400, 'query.cursor']);
    expect([...page1.body.customers, ...page2.body.customers].map((c) => c.name)).toEqual(['Contoso Retail', 'Umbrella Corp']);

    // Another partner does not see it by name or id, but by its exact account id learns that it exists and its id, to register against it.
    expect((await call<{ customers: unknown[] }>('GET', url('/v1/customers?q=Umbrella'), { key: otherKey })).body.customers).toEqual([]);
    expect((await call('GET', url(`/v1/customers/${prospect.body.id}`), { key: otherKey })).status).toBe(404);
    const byAccount = await call<{ customers: unknown[]; knownAccount: { customerId: string } }>(
      'GET',
      url('/v1/customers?q=710000000001'),
      {
        key: otherKey,
      },
    );
    expect(byAccount.body).toEqual({
      customers: [],
      page: { limit: DEFAULT_PAGE_LIMIT, nextCursor: null },
      knownAccount: { customerId: prospect.body.id, accountId: '710000000001' },
    });
    expect(JSON.stringify(byAccount.body)).not.toContain('Umbrella');
    const deal = await call('POST', url('/v1/deals'), {
      key: otherKey,
      body: { customerId: prospect.body.id, engagement: 'INFLUENCED', estimatedValue: '5000.00' },
    });
    expect(deal.status).toBe(201);
    // Now it works with the customer, it finds it.
    expect((await call<{ customers: unknown[] }>('GET', url('/v1/customers?q=Umbrella'), { key: otherKey })).body.customers).toHaveLength(
      1,
    );

    const edited = await call<{ name: string; strategic: boolean; cloudAccounts: unknown[] }>(
      'PATCH',
      url(`/v1/customers/${prospect.body.id}`),
      {
        key: ADMIN_KEY,
        body: {
          name: 'Umbrella Corporation',
          strategic: true,
          addCloudAccounts: [{ cloud: 'AWS', accountId: '710000000002' }],
          reason: 'named account for FY27',
        },
      },
    );
    expect(edited.body).toMatchObject({
      name: 'Umbrella Corporation',
      strategic: true,
      cloudAccounts: expect.arrayContaining([{ cloud: 'AWS', accountId: '710000000002' }]),
    });
    expect(
      (await call('PATCH', url(`/v1/customers/${prospect.body.id}`), { key: gsiKey, body: { strategic: false, reason: 'x' } })).status,
    ).toBe(403);
    const lastAccount = await call('PATCH', url(`/v1/customers/${prospect.body.id}`), {
      key: ADMIN_KEY,
      body: {
        removeCloudAccounts: [
          { cloud: 'AWS', accountId: '710000000001' },
          { cloud: 'AWS', accountId: '710000000002' },
        ],
        reason: 'x',
      },
    });
    expect(lastAccount).toMatchObject({ status: 400, body: { details: [{ field: 'removeCloudAccounts' }] } });
    expect((await auditOf(stack, 'customer', prospect.body.id)).map((a) => [a.action, a.reason])).toEqual([
      ['customer.created', null],
      ['customer.edited', 'named account for FY27'],
    ]);
  });

  it('edits and closes a commitment, after which it is not edited again; sets a listing’s commit eligibility', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    const created = await call<{ id: string }>('POST', url('/v1/commitments'), {
      key: ADMIN_KEY,
      body: { customerId: customer, kind: 'EDP', total: '1000000.00', startsAt: '2026-01-01T00:00:00Z', endsAt: '2028-01-01T00:00:00Z' },
    });
    const id = created.body.id;
    const edited = await call<{ total: { amountMinor: string }; marketplaceCapBps: number }>('PATCH', url(`/v1/commitments/${id}`), {
      key: ADMIN_KEY,
      body: { total: '1200000.00', marketplaceCapBps: 5000, reason: 'amended EDP order form' },
    });
    expect(edited.body).toMatchObject({ total: { amountMinor: '120000000' }, marketplaceCapBps: 5000 });
    const badDates = await call('PATCH', url(`/v1/commitments/${id}`), {
      key: ADMIN_KEY,
      body: { endsAt: '2025-01-01T00:00:00Z', reason: 'x' },
    });
    expect(badDates).toMatchObject({ status: 400, body: { details: [{ field: 'endsAt' }] } });
    const closed = await call<{ endsAt: string; closed: { reason: string } }>('POST', url(`/v1/commitments/${id}/close`), {
      key: ADMIN_KEY,
      body: { reason: 'replaced by a new EDP', at: '2026-11-30T00:00:00Z' },
    });
    expect(closed.body).toMatchObject({ endsAt: '2026-11-30T00:00:00.000Z', closed: { reason: 'replaced by a new EDP' } });
    expect((await call('PATCH', url(`/v1/commitments/${id}`), { key: ADMIN_KEY, body: { total: '1.00', reason: 'x' } })).status).toBe(409);
    expect((await call('POST', url(`/v1/commitments/${id}/close`), { key: ADMIN_KEY, body: { reason: 'again' } })).status).toBe(409);
    expect((await auditOf(stack, 'commitment', id)).map((a) => a.action)).toEqual([
      'commitment.created',
      'commitment.edited',
      'commitment.closed',
    ]);

    const listing = randomUUID();
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES ($1, 'AWS', 'prod-eligibility', 'Eligible', now())`,
      [listing],
    );
    const eligibility = await call<{ commitEligibility: Record<string, unknown> }>(
      'PUT',
      url(`/v1/listings/${listing}/commit-eligibility`),
      {
        key: ADMIN_KEY,
        body: {
          deployedOnAws: false,
          gcpCommitEligible: false,
          commitEligibleSince: '2026-06-01T00:00:00Z',
          reason: 'runs in the buyer’s own account',
        },
      },
    );
    expect(eligibility.body.commitEligibility).toEqual({
      deployedOnAws: false,
      azureBenefitEligible: false,
      gcpCommitEligible: false,
      commitEligibleSince: '2026-06-01T00:00:00.000Z',
    });
    expect(
      (await call('PUT', url(`/v1/listings/${listing}/commit-eligibility`), { key: ADMIN_KEY, body: { reason: 'nothing' } })).status,
    ).toBe(400);
    expect((await auditOf(stack, 'listing', listing)).map((a) => a.action)).toEqual(['listing.commit-eligibility-set']);
  });

  it('applies the suggested tier with who and why, and lists, expires and removes certifications', async () => {
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const otherKey = await issueKey(stack, 'PARTNER', other);
    const tier = await call<{ tier: string; from: string | null }>('PUT', url(`/v1/partners/${gsi}/tier`), {
      key: ADMIN_KEY,
      body: { applySuggestion: true, reason: 'quarterly tier review' },
    });
    const health = await call<{ tierSuggestion: { tier: string } }>('GET', url(`/v1/partners/${gsi}/health`), { key: ADMIN_KEY });
    expect(tier.body).toEqual({
      id: gsi,
      name: 'Globex Integrators',
      tier: health.body.tierSuggestion.tier,
      from: null,
      appliedSuggestion: true,
    });
    const both = await call('PUT', url(`/v1/partners/${gsi}/tier`), {
      key: ADMIN_KEY,
      body: { tier: 'ADVANCED', applySuggestion: true, reason: 'x' },
    });
    expect(both.status).toBe(400);
    const [audit] = await auditOf(stack, 'partner', gsi);
    expect(audit).toMatchObject({
      action: 'partner.tier-changed',
      reason: 'quarterly tier review',
      data: { suggestion: { tier: health.body.tierSuggestion.tier } },
    });

    const add = (name: string) =>
      call<{ id: string }>('POST', url(`/v1/partners/${gsi}/certifications`), {
        key: ADMIN_KEY,
        body: { kind: 'TECHNICAL', name, expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString() },
      });
    const [kept, lapsed, mistaken] = [await add('Solutions Architect'), await add('Data Analytics'), await add('typo')];
    const expired = await call<{ valid: boolean }>('POST', url(`/v1/partners/${gsi}/certifications/${lapsed.body.id}/expire`), {
      key: ADMIN_KEY,
      body: { reason: 'holder left the partner' },
    });
    expect(expired.body.valid).toBe(false);
    expect((await call('DELETE', url(`/v1/partners/${gsi}/certifications/${mistaken.body.id}`), { key: ADMIN_KEY })).status).toBe(400);
    expect(
      (await call('DELETE', url(`/v1/partners/${gsi}/certifications/${mistaken.body.id}?reason=entered%20twice`), { key: ADMIN_KEY }))
        .status,
    ).toBe(200);
    const listed = await call<{ certifications: { id: string; valid: boolean }[] }>('GET', url(`/v1/partners/${gsi}/certifications`), {
      key: ADMIN_KEY,
    });
    expect(listed.body.certifications.map((c) => [c.id, c.valid]).sort()).toEqual(
      [
        [kept.body.id, true],
        [lapsed.body.id, false],
      ].sort(),
    );
    expect((await call('GET', url(`/v1/partners/${gsi}/certifications`), { key: otherKey })).status).toBe(404);
    expect((await auditOf(stack, 'partner', gsi)).map((a) => a.action)).toEqual([
      'partner.tier-changed',
      'partner.certification-added',
      'partner.certification-added',
      'partner.certification-added',
      'partner.certification-expired',
      'partner.certification-removed',
    ]);
  });

  it('lets finance annotate a variance, mark it explained then resolved with who and why, and filter by that state', async () => {
    const item = (reference: string, status: string) =>
      queryDatabase(
        stack.config.DATABASE_URL,
        `INSERT INTO reconciliation_item (cloud, transaction_reference_id, currency, expected_gross_minor, fee_bps, fee_reason, expected_net_minor, invoiced_gross_minor, fee_minor,
                                          refunds_minor, tax_minor, uncollected_minor, collected_net_minor, disbursed_minor, disbursed_gross_minor, variance_minor, status, explanation,
                                          row_count, superseded_rows, last_import_id)
         VALUES ('AWS', $1, 'USD', 100000, 300, 'standard', 97000, 100000, 3000, 0, 0, 0, 97000, 84500, 87113, -12500, $2::"ReconciliationStatus", 'paid short', 2, 0, gen_random_uuid())`,
        [reference, status],
      );
    await item('ref-short', 'SHORT_PAID');
    await item('ref-over', 'OVER_PAID');
    await item('ref-fine', 'MATCHED');
    const financeKey = await issueKey(stack, 'FINANCE');
    const note = (reference: string, state: string, text: string, key = financeKey) =>
      call('POST', url(`/v1/reconciliation/items/aws/${reference}/notes`), { key, body: { state, note: text } });
    const states = async (state?: string) =>
      (
        await call<{ variances: { transactionReferenceId: string; state: string }[] }>(
          'GET',
          url(`/v1/reconciliation/variances${state ? `?state=${state}` : ''}`),
          {
            key: financeKey,
          },
        )
      ).body.variances.map((v) => `${v.transactionReferenceId}:${v.state}`);

    expect(await states()).toEqual(['ref-over:OPEN', 'ref-short:OPEN']);
    expect((await note('ref-short', 'EXPLAINED', 'AWS withheld the listing fee twice; case 1234 open')).status).toBe(201);
    expect(await states('EXPLAINED')).toEqual(['ref-short:EXPLAINED']);
    expect(await states('OPEN')).toEqual(['ref-over:OPEN']);
    expect((await note('ref-short', 'RESOLVED', 'refunded in the next disbursement')).status).toBe(201);
    expect(await states('RESOLVED')).toEqual(['ref-short:RESOLVED']);
    expect((await note('ref-fine', 'EXPLAINED', 'nothing to explain')).status).toBe(409);
    expect((await note('ref-none', 'EXPLAINED', 'no such item')).status).toBe(404);
    expect((await note('ref-short', 'DONE', 'bad state')).status).toBe(400);
    expect((await note('ref-short', 'RESOLVED', 'alliance may not', await issueKey(stack, 'ALLIANCE'))).status).toBe(403);
    const history = await call<{ notes: { state: string; by: string }[] }>('GET', url('/v1/reconciliation/items/aws/ref-short/notes'), {
      key: financeKey,
    });
    expect(history.body.notes.map((n) => n.state)).toEqual(['EXPLAINED', 'RESOLVED']);
    expect(history.body.notes[0].by).toMatch(/FINANCE/);
    expect((await auditOf(stack, 'reconciliation_item', 'AWS:ref-short')).map((a) => a.reason)).toEqual([
      'AWS withheld the listing fee twice; case 1234 open',
      'refunded in the next disbursement',
    ]);
  });

  it('pages the programme’s lists like every other list: limit, an opaque cursor, and the OpenAPI document saying so', async () => {
    const doc = await call<{
      paths: Record<string, { get?: { parameters?: { name: string }[]; 'x-pagination'?: { itemsField: string } } }>;
    }>('GET', url('/docs-json'));
    const lists = {
      '/v1/mdf/requests': 'requests',
      '/v1/mdf/budgets': 'budgets',
      '/v1/customers': 'customers',
      '/v1/attribution-decisions': 'decisions',
      '/v1/customer-success/accounts': 'accounts',
      '/v1/partners/{id}/book': 'accounts',
    };
    for (const [path, items] of Object.entries(lists)) {
      const op = doc.body.paths[path]?.get;
      expect([path, op?.['x-pagination']?.itemsField, op?.parameters?.map((p) => p.name)]).toEqual([
        path,
        items,
        expect.arrayContaining(['limit', 'cursor']),
      ]);
    }
  });
});
