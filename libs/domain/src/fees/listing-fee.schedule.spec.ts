import { expectedFeeMinor, expectedSellerShare, listingFee, listingFeeBps, type ListingFeeInput } from './listing-fee.schedule';

const usd = (dollars: number) => BigInt(dollars) * 100n;
const offer = (changes: Partial<ListingFeeInput>): ListingFeeInput => ({
  offerType: 'PRIVATE',
  contractValueMinor: usd(100_000),
  isRenewal: false,
  isChannel: false,
  ...changes,
});

describe('listing fee by offer type, contract value, renewal and channel', () => {
  it.each([
    ['public offer', { offerType: 'PUBLIC', contractValueMinor: usd(50_000_000) }, 300],
    ['public offer renewal stays 3%', { offerType: 'PUBLIC', isRenewal: true }, 300],
    ['private $999,999.99', { contractValueMinor: usd(1_000_000) - 1n }, 300],
    ['private exactly $1M', { contractValueMinor: usd(1_000_000) }, 200],
    ['private $9,999,999.99', { contractValueMinor: usd(10_000_000) - 1n }, 200],
    ['private exactly $10M', { contractValueMinor: usd(10_000_000) }, 150],
    ['private renewal of $200k', { isRenewal: true, contractValueMinor: usd(200_000) }, 150],
    ['channel under $1M: 3% + 0.5%', { isChannel: true }, 350],
    ['channel $5M: 2% + 0.5%', { isChannel: true, contractValueMinor: usd(5_000_000) }, 250],
    ['channel renewal: 1.5% + 0.5%', { isChannel: true, isRenewal: true }, 200],
  ] as const)('%s -> %p bps', (_case, changes, bps) => {
    expect(listingFeeBps(offer(changes))).toBe(bps);
  });

  it('says which tier applied', () => {
    expect(listingFee(offer({ isChannel: true, contractValueMinor: usd(5_000_000) })).reason).toBe(
      'private offer from $1M to under $10M: 2%, plus 0.5% for a channel offer',
    );
  });

  it.each([
    [{ offerType: 'PUBLIC', isChannel: true }, /channel offer is a private offer/],
    [{ currency: 'EUR' }, /tiers are in USD/],
    [{ contractValueMinor: -1n }, /negative/],
  ] as const)('refuses %o', (changes, message) => {
    expect(() => listingFeeBps(offer(changes))).toThrow(message);
  });
});

describe('expected seller share: gross minus the fee, exactly', () => {
  it.each([
    [usd(12_000), 300, 36_000n, 1_164_000n],
    [usd(5_000_000), 250, 12_500_000n, 487_500_000n],
    [1_050n, 150, 16n, 1_034n], // fee 15.75 cents -> 16
    [1_030n, 150, 15n, 1_015n], // fee 15.45 cents -> 15
    [100n, 350, 4n, 96n], // fee 3.5 cents -> half-even 4
    [300n, 150, 4n, 296n], // fee 4.5 cents -> half-even 4
    [-1_050n, 150, -16n, -1_034n], // a refund gives back the fee it took
  ])('gross %p at %p bps: fee %p, seller %p', (gross, bps, fee, seller) => {
    expect(expectedFeeMinor(gross, bps)).toBe(fee);
    expect(expectedSellerShare(gross, bps)).toBe(seller);
  });
});
