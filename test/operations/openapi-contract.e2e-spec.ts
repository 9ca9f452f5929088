import { randomUUID } from 'node:crypto';
import { resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { buildTrustWorld, storeAdminKey, type TrustWorld } from '../trust/trust-fixtures';
import { brokenRefs, documentedSchema, METHODS, openApi31Validator, schemaValidator, type OpenApiDocument } from './openapi-document';

const ADMIN_KEY = 'contract-admin-key-0123456789abcdef';

jest.setTimeout(120_000);

/**
 * The OpenAPI document is what clients are generated from: every operation
 * documents its success answer, the document is valid OpenAPI 3.1, and what
 * the routes really answer is what it says, field for field.
 */
describe('the OpenAPI document and the answers it describes', () => {
  let stack: ProductStack;
  let world: TrustWorld;
  let document: OpenApiDocument;
  const ajv = schemaValidator();

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
    world = await buildTrustWorld(stack.apiUrl, stack.config.DATABASE_URL, ADMIN_KEY);
    document = (await (await fetch(`${stack.apiUrl}/docs-json`)).json()) as OpenApiDocument;
  });
  afterAll(() => stack.stop());

  /** Each field of `body` the schema documented for `status` does not allow, or misses, named with where. */
  function mismatches(path: string, method: string, status: number, body: unknown): string[] {
    const schema = documentedSchema(document, path, method, status);
    if (!schema) return [`${method.toUpperCase()} ${path}: no JSON schema documented for ${status}`];
    const validate = ajv.compile(schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${method.toUpperCase()} ${path} ${status}: ${e.instancePath || '(root)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
  }

  it('is a valid OpenAPI 3.1 document whose every $ref resolves', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const validate = openApi31Validator(ajv);
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(brokenRefs(document)).toEqual([]);
  });

  it('documents for every operation a success answer with its schema (or its content type), and the error shape', () => {
    const undocumented: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        operations += 1;
        const name = `${method.toUpperCase()} ${path}`;
        const successes = Object.entries(operation.responses).filter(([status]) => /^[23]\d\d$/.test(status));
        if (successes.length === 0) undocumented.push(`${name}: no success answer`);
        for (const [status, response] of successes) {
          if (status.startsWith('3')) {
            if (!response.headers?.Location) undocumented.push(`${name} ${status}: a redirect without its Location`);
            continue;
          }
          const content = Object.entries(response.content ?? {});
          if (content.length === 0) undocumented.push(`${name} ${status}: no content type`);
          for (const [type, media] of content) {
            if (!media.schema) undocumented.push(`${name} ${status} ${type}: no schema`);
            else if (type === 'application/json') {
              const schema = media.schema as Record<string, unknown>;
              if (schema.type !== 'object' && !schema.anyOf && !schema.oneOf && !schema.$ref)
                undocumented.push(`${name} ${status}: JSON schema without a shape`);
              ajv.compile(schema);
            }
          }
        }
        for (const range of ['4XX', '5XX'])
          if (
            JSON.stringify(operation.responses[range]?.content) !==
            JSON.stringify({ 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } })
          )
            undocumented.push(`${name}: ${range} is not the ApiError shape`);
      }
    }
    expect(operations).toBeGreaterThan(90);
    expect(undocumented).toEqual([]);
  });

  it('answers every GET route with exactly the documented shape: a success, or the documented error', async () => {
    const { own } = world;
    const customer = (await call<{ customers: { id: string }[] }>('GET', `${stack.apiUrl}/v1/customers`, { key: ADMIN_KEY })).body
      .customers[0].id;
    /** Real ids for each templated path, so that routes answer their success and not a 404. */
    const idFor: Record<string, string> = {
      '/v1/partners/{id}': own.partnerId,
      '/v1/customers/{id}': customer,
      '/v1/deals/{id}': own.dealId,
      '/v1/offers/{id}': own.offerId,
      '/v1/resale-authorizations/{id}': own.resaleAuthorizationId,
      '/v1/mdf/requests/{id}': own.mdfRequestId,
      '/v1/mdf/partners/{id}': own.partnerId,
    };
    const urlOf = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === 'cloud') return 'aws';
        const owner = Object.entries(idFor).find(([prefix]) => path.startsWith(prefix));
        return name === 'id' && owner ? owner[1] : randomUUID();
      });
    const wrong: string[] = [];
    const succeeded: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (!item.get || path === '/metrics' || path.includes('/attachments/')) continue;
      const response = await fetch(`${stack.apiUrl}${urlOf(path)}`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}`, accept: 'application/json' },
      });
      expect([path, response.headers.get('content-type')]).toEqual([path, expect.stringMatching(/^application\/json/)]);
      wrong.push(...mismatches(path, 'get', response.status, await response.json()));
      if (response.ok) succeeded.push(path);
    }
    expect(wrong).toEqual([]);
    // The routes of a partner's world all answer their success, so their whole answer was checked.
    expect(succeeded).toEqual(
      expect.arrayContaining([
        '/',
        '/health',
        '/v1/partners',
        '/v1/partners/{id}',
        '/v1/partners/{id}/credits',
        '/v1/partners/{id}/health',
        '/v1/partners/{id}/certifications',
        '/v1/partners/{id}/book',
        '/v1/customers',
        '/v1/customers/{id}',
        '/v1/deals',
        '/v1/deals/{id}',
        '/v1/offers',
        '/v1/offers/{id}',
        '/v1/offers/{id}/audit',
        '/v1/resale-authorizations',
        '/v1/resale-authorizations/{id}',
        '/v1/mdf/requests',
        '/v1/mdf/requests/{id}',
        '/v1/mdf/budgets',
        '/v1/mdf/roi',
        '/v1/mdf/partners/{id}/balance',
        '/v1/api-keys',
        '/v1/engagement-rules',
        '/v1/conflicts',
        '/v1/attribution-decisions',
        '/v1/customer-success/accounts',
        '/v1/listings',
        '/v1/usage/summary',
        '/v1/usage/hours',
        '/v1/usage/alerts',
        '/v1/reconciliation/items',
        '/v1/reconciliation/sold-not-invoiced',
        '/v1/reconciliation/disbursements',
        '/v1/reconciliation/partner-revenue',
        '/v1/reconciliation/variances',
        '/v1/reconciliation/imports',
        '/v1/marketplace-messages/parked',
      ]),
    );
  });

  it('answers what it documents when things are made and decided', async () => {
    const { own } = world;
    const answers: [string, string, { status: number; body: unknown }][] = [];
    const send = async (method: string, path: string, url: string, body?: unknown) =>
      answers.push([path, method.toLowerCase(), await call(method, `${stack.apiUrl}${url}`, { key: ADMIN_KEY, body })]);

    await send('POST', '/v1/partners', '/v1/partners', { name: 'Contract Partner', persona: 'GSI' });
    await send('POST', '/v1/customers', '/v1/customers', {
      name: 'Contract Buyer',
      cloudAccounts: [{ cloud: 'AWS', accountId: '555566667777' }],
    });
    await send('POST', '/v1/partners/{id}/certifications', `/v1/partners/${own.partnerId}/certifications`, {
      kind: 'SALES',
      name: 'Cloud Practitioner',
      expiresAt: '2099-01-01T00:00:00Z',
    });
    await send('POST', '/v1/partners/{id}/competencies', `/v1/partners/${own.partnerId}/competencies`, { name: 'Data and Analytics' });
    await send('POST', '/v1/deals/{id}/approve', `/v1/deals/${own.dealId}/approve`, {});
    await send('PATCH', '/v1/offers/{id}', `/v1/offers/${own.offerId}`, { name: 'renamed in the contract test' });
    await send('POST', '/v1/mdf/requests/{id}/request-changes', `/v1/mdf/requests/${own.mdfRequestId}/request-changes`, {
      reason: 'name the venue',
    });
    await send('POST', '/v1/api-keys', '/v1/api-keys', { name: 'contract reader', role: 'READ_ONLY' });
    await send('POST', '/v1/revenue-events', '/v1/revenue-events', {
      events: [
        {
          eventId: 'contract-1',
          kind: 'PURCHASE',
          cloud: 'AZURE',
          customerAccountId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
          productId: 'contract-product',
          amount: '10.00',
          currency: 'USD',
          occurredAt: '2026-03-01T00:00:00Z',
        },
      ],
    });
    await send('POST', '/v1/listings/sync', '/v1/listings/sync', {});
    await send('POST', '/v1/usage', '/v1/usage', { records: [{ nonsense: true }] });

    const wrong = answers.flatMap(([path, method, answer]) => mismatches(path, method, answer.status, answer.body));
    expect(wrong).toEqual([]);
    expect(answers.map(([path, method, a]) => `${method} ${path} ${a.status}`)).toEqual(
      answers.map(([path, method, a]) => `${method} ${path} ${a.status < 300 ? a.status : 'a success'}`),
    );
  });
});
