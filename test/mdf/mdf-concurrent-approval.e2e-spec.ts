import { queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { createPartner, freshWorld } from '../attribution/attribution-fixtures';
import { createBudget, issueKey, requestFunds, thisQuarter } from './mdf-fixtures';

jest.setTimeout(120_000);

const ROUNDS = 8;

/**
 * Two alliance users approve two requests against the last of a budget at the
 * same moment, over real HTTP on real PostgreSQL. Each round the budget has
 * room for one of them only: exactly one approval passes, the other is
 * refused naming what is left, and the budget is never overspent.
 */
describe('market development funds: two approvals at once against the last of a budget', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ DATABASE_POOL_SIZE: '10' }), { workers: false });
  });
  afterAll(() => stack.stop());

  it(`approves exactly one of two concurrent approvals, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    await freshWorld(stack);
    const partner = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const budget = await createBudget(stack, { period: thisQuarter(), partnerId: partner, amount: '1000.00' });
    const [alice, bob] = [await issueKey(stack, 'ALLIANCE'), await issueKey(stack, 'ALLIANCE')];
    const outcomes: number[][] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Each round, 1,000.00 is left: two requests of 600.00 and 700.00 cannot both fit.
      const first = await requestFunds(stack, alice, { partnerId: partner, amount: '600.00', title: `round ${round} a` });
      const second = await requestFunds(stack, alice, { partnerId: partner, amount: '700.00', title: `round ${round} b` });
      const answers = await Promise.all([
        call('POST', `${stack.apiUrl}/v1/mdf/requests/${first.id}/approve`, { key: alice, body: {} }),
        call('POST', `${stack.apiUrl}/v1/mdf/requests/${second.id}/approve`, { key: bob, body: {} }),
      ]);
      outcomes.push(answers.map((a) => a.status).sort());
      const refused = answers.find((a) => a.status === 409);
      expect(refused?.body).toMatchObject({ details: [{ field: 'amount', reason: expect.stringMatching(/budget has left/) }] });
      // What the losing request would have needed stays in the budget for the next round: top it up to 1,000.00 left again.
      const [{ held }] = await queryDatabase<{ held: string }>(
        stack.config.DATABASE_URL,
        `SELECT COALESCE(SUM(committed_minor), 0)::text AS held FROM mdf_request WHERE budget_id = $1`,
        [budget],
      );
      await queryDatabase(stack.config.DATABASE_URL, `UPDATE mdf_budget SET amount_minor = $2::bigint + 100000 WHERE id = $1`, [
        budget,
        held,
      ]);
    }
    expect(outcomes).toEqual(Array.from({ length: ROUNDS }, () => [200, 409]));
    const [{ approved, over }] = await queryDatabase<{ approved: string; over: boolean }>(
      stack.config.DATABASE_URL,
      `SELECT count(*) FILTER (WHERE r.status = 'APPROVED')::text AS approved,
              bool_or(b.amount_minor < (SELECT SUM(committed_minor) FROM mdf_request WHERE budget_id = b.id)) AS over
         FROM mdf_request r JOIN mdf_budget b ON b.id = $1 WHERE r.partner_id = b.partner_id`,
      [budget],
    );
    expect({ approved, over }).toEqual({ approved: String(ROUNDS), over: false });
  });
});
