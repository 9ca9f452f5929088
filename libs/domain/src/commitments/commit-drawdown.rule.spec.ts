import { drawdownFor, type MarketplacePurchase } from './commit-drawdown.rule';
import type { Commitment } from './commitment.types';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
// $1,000,000 commitments from 2025-01-01 to 2028-01-01; marketplace cap 25% = $250,000 for EDP/PPA.
const commitment = (changes: Partial<Commitment> = {}): Commitment => ({
  cloud: 'AWS',
  kind: 'EDP',
  totalMinor: 100_000_000n,
  startsAt: day('2025-01-01'),
  endsAt: day('2028-01-01'),
  alreadyDrawnMarketplaceMinor: 0n,
  ...changes,
});
const purchase = (changes: Partial<MarketplacePurchase> = {}): MarketplacePurchase => ({
  amountMinor: 1_000_000n, // $10,000
  invoiceDate: day('2026-03-01'),
  deployedOnAws: true,
  azureBenefitEligible: false,
  ...changes,
});
const azure = { cloud: 'AZURE', kind: 'MACC' } as const;

describe('commit drawdown by the cloud rules (purchase of $10,000)', () => {
  it.each([
    ['EDP: SaaS deployed on AWS counts 100%', {}, {}, 1_000_000n, 1_000_000n],
    ['PPA: same rule as EDP', { kind: 'PPA' }, {}, 1_000_000n, 1_000_000n],
    ['EDP: not deployed on AWS, invoiced after May 2025, does not count', {}, { deployedOnAws: false }, 0n, 0n],
    [
      'EDP: not deployed on AWS, invoiced 30 April 2025, still counts',
      {},
      { deployedOnAws: false, invoiceDate: day('2025-04-30') },
      1_000_000n,
      1_000_000n,
    ],
    [
      'EDP: not deployed on AWS, invoiced 1 May 2025 00:00 UTC, does not count',
      {},
      { deployedOnAws: false, invoiceDate: day('2025-05-01') },
      0n,
      0n,
    ],
    ['invoiced before the commitment starts', {}, { invoiceDate: day('2024-12-31') }, 0n, 0n],
    ['invoiced on the day the commitment ends', {}, { invoiceDate: day('2028-01-01') }, 0n, 0n],
    [
      'EDP: only what is left under the 25% cap ($5,000 of $250,000)',
      { alreadyDrawnMarketplaceMinor: 24_500_000n },
      {},
      1_000_000n,
      500_000n,
    ],
    ['EDP: the cap is used up', { alreadyDrawnMarketplaceMinor: 25_000_000n }, {}, 1_000_000n, 0n],
    ['EDP: a 50% cap leaves room', { marketplaceCapBps: 5000, alreadyDrawnMarketplaceMinor: 24_500_000n }, {}, 1_000_000n, 1_000_000n],
    ['MACC: Azure benefit eligible counts 100%', azure, { azureBenefitEligible: true }, 1_000_000n, 1_000_000n],
    ['MACC: not Azure benefit eligible', azure, {}, 0n, 0n],
    ['MACC: invoiced before the publisher activated it', azure, { azureBenefitEligible: true, activationDate: day('2026-03-10') }, 0n, 0n],
    [
      'MACC: invoiced on the activation date',
      azure,
      { azureBenefitEligible: true, activationDate: day('2026-03-01') },
      1_000_000n,
      1_000_000n,
    ],
    ['MACC: never before the offer became eligible', azure, { azureBenefitEligible: true, eligibleSince: day('2026-04-01') }, 0n, 0n],
    ['MACC: never before the MACC starts', { ...azure, startsAt: day('2026-06-01') }, { azureBenefitEligible: true }, 0n, 0n],
    [
      'MACC: no marketplace cap, only the commitment itself',
      { ...azure, alreadyDrawnMarketplaceMinor: 99_500_000n },
      { azureBenefitEligible: true },
      1_000_000n,
      500_000n,
    ],
    ['GCP: eligible spend counts 100%', { cloud: 'GCP', kind: 'GCP' }, {}, 1_000_000n, 1_000_000n],
    ['GCP: excluded spend (e.g. Maps)', { cloud: 'GCP', kind: 'GCP' }, { gcpEligible: false }, 0n, 0n],
  ] as const)('%s', (_rule, commitmentChanges, purchaseChanges, eligible, drawn) => {
    const result = drawdownFor({ commitment: commitment(commitmentChanges), purchase: purchase(purchaseChanges) });
    expect([result.eligibleMinor, result.drawnMinor]).toEqual([eligible, drawn]);
    expect(result.reason).not.toBe('');
  });

  it('explains a refusal with the rule and the dates', () => {
    expect(drawdownFor({ commitment: commitment(), purchase: purchase({ deployedOnAws: false }) }).reason).toBe(
      'invoiced 2026-03-01: since May 2025 only SaaS "Deployed on AWS" counts toward EDP',
    );
  });

  it('explains a capped drawdown with amounts', () => {
    const result = drawdownFor({ commitment: commitment({ alreadyDrawnMarketplaceMinor: 24_500_000n }), purchase: purchase() });
    expect(result.reason).toBe(
      'eligible; only 5000.00 USD of 10000.00 USD retires the commitment before it reaches the 25% marketplace cap',
    );
  });

  it.each([
    [{ cloud: 'AZURE' as const }, {}, /EDP commitment belongs to AWS/],
    [{}, { amountMinor: -1n }, /reverses its original drawdown/],
  ])('refuses %o %o', (commitmentChanges, purchaseChanges, message) => {
    expect(() => drawdownFor({ commitment: commitment(commitmentChanges), purchase: purchase(purchaseChanges) })).toThrow(message);
  });
});
