import fc from 'fast-check';
import { allocateByBps, bpsOf, FULL_BPS } from './bps.allocator';
import { multiplyDecimalPrice } from './price.multiplier';

const amounts = (parts: { amountMinor: bigint }[]) => parts.map((part) => part.amountMinor);

describe('allocateByBps: parts always add up exactly to the allocated total', () => {
  it.each([
    // total, bps, expected parts (worked out by hand)
    [10_000n, [7000, 3000], [7000n, 3000n]],
    [100n, [3334, 3333, 3333], [34n, 33n, 33n]], // 33.34/33.33/33.33: one leftover cent to the largest remainder
    [1n, [5000, 5000], [1n, 0n]], // tie in remainders: the earlier share gets the cent
    [101n, [5000, 5000], [51n, 50n]],
    [10n, [3333, 3333, 3334], [3n, 3n, 4n]], // 3.333,3.333,3.334 -> floors 9, 1 cent to 3.334
    [999n, [7000, 3000], [699n, 300n]], // 699.3 + 299.7 -> floors 699+299, leftover cent to .7
    [100n, [7000], [70n]], // only 70% is allocated; the rest stays unallocated
    [5n, [5000], [2n]], // 2.5 -> half-even 2
    [7n, [5000], [4n]], // 3.5 -> half-even 4
    [100n, [0, 10000], [0n, 100n]],
    [0n, [6000, 4000], [0n, 0n]],
  ])('%p split %j -> %j', (total, bps, expected) => {
    const parts = allocateByBps(
      total,
      bps.map((b, i) => ({ key: `p${i}`, bps: b })),
    );
    expect(amounts(parts)).toEqual(expected);
  });

  it.each([1n, 99n, 100n, 12_345_679n, 987_654_321_987n])('100%% of %p is handed out to the last cent', (total) => {
    const parts = allocateByBps(total, [
      { key: 'a', bps: 1 },
      { key: 'b', bps: 3333 },
      { key: 'c', bps: 6666 },
    ]);
    expect(amounts(parts).reduce((a, b) => a + b, 0n)).toBe(total);
  });

  it('a negative total is the exact mirror, so a refund reverses a purchase to the cent', () => {
    const shares = [
      { key: 'a', bps: 3334 },
      { key: 'b', bps: 3333 },
      { key: 'c', bps: 3333 },
    ];
    expect(amounts(allocateByBps(-100n, shares))).toEqual([-34n, -33n, -33n]);
  });

  it('keeps the keys and bps of each share', () => {
    expect(allocateByBps(1000n, [{ key: 'partner-1', bps: 2500 }])).toEqual([{ key: 'partner-1', bps: 2500, amountMinor: 250n }]);
  });

  it.each([
    [[6000, 4001], /10001 bps, more than 100%/],
    [[-1], /not a whole, non-negative/],
    [[12.5], /not a whole, non-negative/],
  ])('refuses %j', (bps, message) => {
    expect(() =>
      allocateByBps(
        100n,
        bps.map((b) => ({ key: 'x', bps: b })),
      ),
    ).toThrow(message);
  });
});

describe('allocateByBps: properties over any amount and any valid shares', () => {
  // Up to six shares summing to at most 100%: drawn freely, then scaled down when above.
  const sharesArb = fc.array(fc.integer({ min: 0, max: FULL_BPS }), { minLength: 1, maxLength: 6 }).map((raw) => {
    const sum = raw.reduce((a, b) => a + b, 0);
    const bps = sum > FULL_BPS ? raw.map((b) => Math.floor((b * FULL_BPS) / sum)) : raw;
    return bps.map((b, i) => ({ key: `p${i}`, bps: b }));
  });
  const totalArb = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
  // Recomputed here rather than imported, so a wrong rounding in the allocator cannot hide in its own helper.
  const halfEven = (numerator: bigint, denominator: bigint) => {
    const q = numerator / denominator;
    const twice = (numerator % denominator) * 2n;
    return twice > denominator || (twice === denominator && q % 2n === 1n) ? q + 1n : q;
  };
  const abs = (n: bigint) => (n < 0n ? -n : n);

  it('the parts add up to the allocated total: all of it at 100%, else the half-even share of it', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        const totalBps = BigInt(shares.reduce((s, share) => s + share.bps, 0));
        const sum = amounts(allocateByBps(total, shares)).reduce((a, b) => a + b, 0n);
        const allocated = halfEven(abs(total) * totalBps, BigInt(FULL_BPS));
        expect(sum).toBe(total < 0n ? -allocated : allocated);
        if (totalBps === BigInt(FULL_BPS)) expect(sum).toBe(total);
      }),
    );
  });

  it('each part is within a cent of its exact share and carries the sign of the total', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        allocateByBps(total, shares).forEach((part, i) => {
          const exactTimesFullBps = total * BigInt(shares[i].bps);
          expect(abs(part.amountMinor * BigInt(FULL_BPS) - exactTimesFullBps)).toBeLessThan(BigInt(FULL_BPS));
          if (part.amountMinor !== 0n) expect(part.amountMinor < 0n).toBe(total < 0n);
          if (shares[i].bps === 0) expect(part.amountMinor).toBe(0n);
        });
      }),
    );
  });

  it('a refund of the same magnitude mirrors the purchase part by part', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        expect(amounts(allocateByBps(-total, shares))).toEqual(amounts(allocateByBps(total, shares)).map((a) => -a));
      }),
    );
  });
});

describe('bpsOf: one share of an amount, half-even', () => {
  it.each([
    [1_000_000n, 300, 30_000n],
    [50n, 300, 2n], // 1.5 -> 2
    [250n, 100, 2n], // 2.5 -> 2
    [-50n, 300, -2n],
  ])('%p x %p bps = %p', (amount, bps, expected) => {
    expect(bpsOf(amount, bps)).toBe(expected);
  });
});

describe('multiplyDecimalPrice: quantity x sub-cent unit price, rounded once', () => {
  it.each([
    [3n, '0.0125', 'USD', 4n], // 0.0375 -> 3.75 cents -> 4
    [2n, '0.0125', 'USD', 2n], // 0.025 -> 2.5 cents -> half-even 2
    [6n, '0.0125', 'USD', 8n], // 0.075 -> 7.5 cents -> half-even 8
    [1000n, '0.0125', 'USD', 1250n],
    [1n, '12000.50', 'USD', 1_200_050n],
    [3n, '0.5', 'JPY', 2n], // 1.5 yen -> 2
    [7n, '0.0001', 'KWD', 1n], // 0.0007 KWD = 0.7 fils -> 1
    [-3n, '0.0125', 'USD', -4n], // a correction mirrors the charge
    [0n, '0.0125', 'USD', 0n],
    [2_147_483_647n, '0.000001', 'USD', 214_748n], // max metering quantity: 2147.483647 USD -> 214748.3647 cents
  ])('%p x %s %s = %p minor', (quantity, price, currency, expected) => {
    expect(multiplyDecimalPrice(quantity, price, currency)).toBe(expected);
  });

  it('rounds with the mode it is given', () => {
    expect(multiplyDecimalPrice(2n, '0.0125', 'USD', 'HALF_UP')).toBe(3n);
  });
});
