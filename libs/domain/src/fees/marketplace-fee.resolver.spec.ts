import { marketplaceFee, toUsdMinor, type AgreementFeeFacts } from './marketplace-fee.resolver';

const facts = (changes: Partial<AgreementFeeFacts>): AgreementFeeFacts => ({
  cloud: 'AWS',
  offerType: 'PRIVATE',
  isChannel: false,
  isRenewal: false,
  contractValueMinor: 10_000_00n,
  currency: 'USD',
  ...changes,
});
const rates = { EUR: '1.08', JPY: '0.0067' };

describe('the fee of one agreement, whatever its cloud and currency', () => {
  it.each([
    ['AWS private $10,000', facts({}), 300],
    ['AWS channel renewal', facts({ isChannel: true, isRenewal: true }), 200],
    ['AWS public', facts({ offerType: 'PUBLIC' }), 300],
    // EUR 950,000.00 at 1.08 = USD 1,026,000.00: the $1M-$10M tier, 2%
    ['AWS private EUR 950,000 placed by its USD value', facts({ currency: 'EUR', contractValueMinor: 950_000_00n }), 200],
    // EUR 900,000.00 at 1.08 = USD 972,000.00: under $1M, 3%
    ['AWS private EUR 900,000', facts({ currency: 'EUR', contractValueMinor: 900_000_00n }), 300],
    ['Azure, any offer', facts({ cloud: 'AZURE', isChannel: true }), 300],
  ] as const)('%s -> %p bps', (_case, input, bps) => {
    expect(marketplaceFee(input, rates).feeBps).toBe(bps);
  });

  it('says how a foreign contract was placed', () => {
    expect(marketplaceFee(facts({ currency: 'EUR', contractValueMinor: 950_000_00n }), rates).reason).toBe(
      'private offer from $1M to under $10M: 2% (contract value taken as 1026000 USD at 1.08 USD per EUR)',
    );
  });

  it('refuses a currency it has no rate for', () => {
    expect(() => marketplaceFee(facts({ currency: 'GBP' }), rates)).toThrow(/no USD rate for GBP/);
  });

  it.each([
    [100n, 'EUR', '1.08', 108n], // EUR 1.00 -> 108 cents
    [1_000_000n, 'JPY', '0.0067', 670_000n], // JPY 1,000,000 (no minor unit) -> USD 6,700.00
    [5n, 'EUR', '1.1', 6n], // 5.5 cents -> half-even 6
    [12_345n, 'USD', '1', 12_345n],
  ])('%p %s at %s USD -> %p US cents', (value, currency, rate, cents) => {
    expect(toUsdMinor(value, currency, rate)).toBe(cents);
  });
});
