import fc from 'fast-check';
import { queryDatabase, resetDatabase, testConfig } from '@bridge/testing';
import { badRequests, mutatingOperations, type BadRequest } from './openapi-request.generator';
import { buildTrustWorld, storeAdminKey } from './trust-fixtures';
import { startTrustStack, type TrustStack } from './trust-stack';

const ADMIN_KEY = 'fuzz-admin-key-0123456789abcdef';
const BATCH = 40;
const RUNS = 260;
/** What must never reach a client: stack frames, file positions, driver or SQL text. */
const LEAK =
  /\n\s+at\s|\.[jt]s:\d+:\d+|node_modules|prisma|postgres|\bSELECT\s|\bINSERT\s+INTO|\bUPDATE\s+\w+\s+SET|violates .* constraint/i;

jest.setTimeout(240_000);

/** Row count and a digest of the contents of every table (api_key without last use, which requests move). */
async function snapshot(databaseUrl: string): Promise<Record<string, string>> {
  const tables = await queryDatabase<{ tablename: string }>(
    databaseUrl,
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
  );
  const result: Record<string, string> = {};
  for (const { tablename } of tables) {
    // Parked marketplace messages are the EventBridge webhook's documented answer to a readable body it cannot act on (see parkedForAnOperator).
    const rows =
      tablename === 'api_key'
        ? `(SELECT id, key_hash, role, partner_id, revoked_at FROM api_key)`
        : tablename === 'marketplace_event'
          ? `(SELECT * FROM marketplace_event WHERE parked_at IS NULL)`
          : `"${tablename}"`;
    const [row] = await queryDatabase<{ n: string; digest: string | null }>(
      databaseUrl,
      `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${rows} t`,
    );
    result[tablename] = `${row.n} rows, ${row.digest ?? 'empty'}`;
  }
  return result;
}

function perItemRefusal(text: string): boolean {
  try {
    const body = JSON.parse(text) as { accepted?: unknown; rejected?: unknown };
    return body.accepted === 0 && typeof body.rejected === 'number' && body.rejected > 0;
  } catch {
    return false;
  }
}

/**
 * An EventBridge API destination does not retry a 4xx, so the webhook keeps an
 * authenticated JSON object it cannot read, parks it with the reason and
 * answers 202: for that route a parked answer is the refusal.
 */
function parkedForAnOperator(request: BadRequest, text: string): boolean {
  if (request.method !== 'POST' || request.path !== '/webhooks/aws/eventbridge') return false;
  try {
    const body = JSON.parse(text) as { parked?: unknown };
    return typeof body.parked === 'string' && body.parked.length > 0;
  } catch {
    return false;
  }
}

describe('trust: fuzzing the public API with bad input (fast-check, from the OpenAPI document)', () => {
  let stack: TrustStack;

  beforeAll(async () => {
    stack = await startTrustStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, API_RATE_LIMIT_PER_KEY: '1000000' }), {
      workers: false,
    });
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
    // Things to aim at: partners, deals, offers, grants, keys.
    await buildTrustWorld(stack.apiUrl, stack.config.DATABASE_URL, ADMIN_KEY);
  });
  afterAll(() => stack.stop());

  it(`answers ${BATCH * RUNS} bad requests across every POST/PUT/PATCH with 4xx naming field and reason, never 5xx or a leak, and changes no row`, async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/docs-json`)).json()) as Parameters<typeof mutatingOperations>[0];
    const operations = mutatingOperations(doc);
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const before = await snapshot(stack.config.DATABASE_URL);
    const statuses = new Map<number, number>();
    const perOperation = new Map<string, number>();
    let sent = 0;

    const send = async (request: BadRequest): Promise<string | null> => {
      const response = await fetch(`${stack.apiUrl}${request.path}`, {
        method: request.method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': request.contentType },
        body: request.body,
      });
      const text = await response.text();
      sent += 1;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const label = `${request.method} ${request.path.slice(0, 80)} (${request.how}) → ${response.status} ${text.slice(0, 300)}`;
      if (response.status >= 500) return `5xx: ${label}`;
      // Batch endpoints answer per item (documented): a batch whose every item is refused is a refusal.
      if (response.status < 400)
        return perItemRefusal(text) || parkedForAnOperator(request, text) ? null : `accepted a bad request: ${label}`;
      if (LEAK.test(text)) return `leak: ${label}`;
      let body: { details?: { field?: unknown; reason?: unknown }[] };
      try {
        body = JSON.parse(text);
      } catch {
        return `not JSON: ${label}`;
      }
      if (
        response.status === 400 &&
        !(
          body.details?.length &&
          body.details.every((d) => typeof d.field === 'string' && d.field && typeof d.reason === 'string' && d.reason)
        )
      ) {
        return `400 without field and reason: ${label}`;
      }
      return null;
    };

    const anyBadRequest = fc.oneof(...operations.map((op) => badRequests(op).map((r) => ({ ...r, op: `${op.method} ${op.path}` }))));
    await fc.assert(
      fc.asyncProperty(fc.array(anyBadRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        for (const r of batch) perOperation.set(r.op, (perOperation.get(r.op) ?? 0) + 1);
        const problems = (await Promise.all(batch.map(send))).filter((p): p is string => p !== null);
        if (problems.length) throw new Error(problems.slice(0, 5).join('\n'));
      }),
      { numRuns: RUNS, endOnFailure: true, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );

    expect(await snapshot(stack.config.DATABASE_URL)).toEqual(before);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect([...perOperation.keys()].length).toBe(operations.length);
    console.log(
      `fuzz: ${sent} bad requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
  });
});
