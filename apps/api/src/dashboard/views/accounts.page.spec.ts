import { usageAgainstIncluded } from '@bridge/domain';
import { accountsBody } from './accounts.page';

type Account = Parameters<typeof accountsBody>[0][number];

const account = (included: Account['adoption']['included']): Account => ({
  customerId: 'c1',
  name: 'Initech',
  strategic: false,
  partners: [],
  adoption: {
    activeDimensions: ['api_calls'],
    weeks: [],
    usageValueLast8Weeks: null,
    contractValue: null,
    usageAgainstContractBps: null,
    included,
  },
  atRisk: false,
  risks: [],
  renewals: [],
  commitments: [],
});

const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe("the partner's book shows usage against what the contract includes", () => {
  it('reads each included dimension as used of included, the percent, and over or under by how much', () => {
    const body = accountsBody(
      [
        account([
          { agreementId: 'agmt-1', dimension: 'api_calls', ...usageAgainstIncluded(1000n, 1200n) },
          { agreementId: 'agmt-1', dimension: 'seats', ...usageAgainstIncluded(50n, 10n) },
          { agreementId: 'agmt-1', dimension: 'storage', ...usageAgainstIncluded(0n, 0n) },
        ]),
      ],
      false,
    ).value;
    expect(text(body)).toContain('api_calls: 1200 of 1000 (120.0%) over by 200');
    expect(text(body)).toContain('seats: 10 of 50 (20.0%) under by 40');
    expect(text(body)).toContain('storage: 0 of 0 at the included quantity');
    expect(body).toMatch(/data-testid="included-api_calls"[\s\S]*class="bad"/);
  });

  it('shows a dash for an account whose agreements include nothing', () => {
    expect(text(accountsBody([account([])], false).value)).toMatch(/api_calls —/);
  });
});
