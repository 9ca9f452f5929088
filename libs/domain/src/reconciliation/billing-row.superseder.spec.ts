import { supersedeRows } from './billing-row.superseder';

const row = (billingEventId: string, amount: string, version = 0) => ({ billingEventId, amount, version });

describe('a later billing feed row for the same billing_event_id supersedes the earlier one', () => {
  it.each([
    [
      'one row per id stays as it is',
      [row('be-1', '10'), row('be-2', '20')],
      [
        ['be-1', '10'],
        ['be-2', '20'],
      ],
    ],
    ['the later row replaces the earlier, it does not add to it', [row('be-1', '10'), row('be-1', '12')], [['be-1', '12']]],
    [
      'ids keep the order in which they first appeared',
      [row('be-1', '10'), row('be-2', '20'), row('be-1', '11'), row('be-3', '30'), row('be-2', '21')],
      [
        ['be-1', '11'],
        ['be-2', '21'],
        ['be-3', '30'],
      ],
    ],
    ['an empty feed', [], []],
  ])('%s', (_rule, rows, expected) => {
    expect(supersedeRows(rows).map((r) => [r.billingEventId, r.amount])).toEqual(expected);
  });

  it('uses the given comparison when the feed is not in order', () => {
    const rows = [row('be-1', 'v2', 2), row('be-1', 'v1', 1)];
    expect(supersedeRows(rows, (candidate, current) => candidate.version > current.version).map((r) => r.amount)).toEqual(['v2']);
  });
});
