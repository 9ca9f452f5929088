import { azureIncludedQuantities, usageAgainstIncluded } from './included-usage.calculator';

describe('usage against what the contract includes', () => {
  it.each([
    ['over: 45 used of 40 included', 40n, 45n, { percentUsed: '112.5', state: 'OVER', differenceQuantity: '5' }],
    ['under: 10 used of 40', 40n, 10n, { percentUsed: '25.0', state: 'UNDER', differenceQuantity: '30' }],
    ['exactly what is included', 40n, 40n, { percentUsed: '100.0', state: 'AT', differenceQuantity: '0' }],
    ['rounds the percent down, never up to the next tenth', 3n, 2n, { percentUsed: '66.6', state: 'UNDER', differenceQuantity: '1' }],
    ['nothing used yet', 5n, 0n, { percentUsed: '0.0', state: 'UNDER', differenceQuantity: '5' }],
    [
      'usage of a dimension the contract includes none of is all over, with no percent',
      0n,
      7n,
      { percentUsed: null, state: 'OVER', differenceQuantity: '7' },
    ],
    [
      'quantities past 2^53 stay exact',
      9_007_199_254_740_993n,
      9_007_199_254_740_994n,
      { percentUsed: '100.0', state: 'OVER', differenceQuantity: '1' },
    ],
  ])('%s', (_case, included, used, expected) => {
    expect(usageAgainstIncluded(included, used)).toEqual({ included: included.toString(), used: used.toString(), ...expected });
  });

  it("an Azure subscription includes its plan's seats, and a plan without seats includes nothing", () => {
    expect(azureIncludedQuantities(20)).toEqual({ seats: '20' });
    expect(azureIncludedQuantities(null)).toBeNull();
  });
});
