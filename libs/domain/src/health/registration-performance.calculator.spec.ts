import type { RegistrationFact } from '../attribution/attribution.types';
import { median, registrationPerformance } from './registration-performance.calculator';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const reg = (id: string, changes: Partial<RegistrationFact> = {}): RegistrationFact => ({
  id,
  partnerId: 'p1',
  customerId: 'c1',
  listingId: null,
  engagement: 'SOURCED',
  status: 'APPROVED',
  registeredAt: day('2026-01-01'),
  decidedAt: day('2026-01-02'),
  expiresAt: day('2026-07-01'),
  ...changes,
});
const asOf = day('2026-06-01');

describe('registration win rate and cycle time, as of 1 June 2026', () => {
  it.each([
    ['nothing closed yet: no rate', [reg('a')], [], [0, 0, 1, null, null]],
    ['one won after 10 days', [reg('a')], [{ registrationId: 'a', wonAt: day('2026-01-11') }], [1, 0, 0, 10_000, 240]],
    ['a win after asOf is not known yet', [reg('a')], [{ registrationId: 'a', wonAt: day('2026-06-02') }], [0, 0, 1, null, null]],
    [
      'rejected counts as lost',
      [reg('a'), reg('b', { status: 'REJECTED' })],
      [{ registrationId: 'a', wonAt: day('2026-01-11') }],
      [1, 1, 0, 5_000, 240],
    ],
    ['expired without a win counts as lost', [reg('a', { expiresAt: day('2026-05-01') })], [], [0, 1, 0, 0, null]],
    [
      '2 won, 2 rejected, 1 open left out: 50%; median of 10 and 20 days is 15 days',
      [reg('a'), reg('b'), reg('c', { status: 'REJECTED' }), reg('d', { status: 'REJECTED' }), reg('e')],
      [
        { registrationId: 'a', wonAt: day('2026-01-11') },
        { registrationId: 'b', wonAt: day('2026-01-21') },
      ],
      [2, 2, 1, 5_000, 360],
    ],
    [
      '2 of 3: 66.67%',
      [reg('a'), reg('b'), reg('c', { status: 'REJECTED' })],
      [
        { registrationId: 'a', wonAt: day('2026-01-02') },
        { registrationId: 'b', wonAt: day('2026-01-02') },
      ],
      [2, 1, 0, 6_667, 24],
    ],
  ])('%s', (_case, registrations, wins, [won, lost, open, winRateBps, medianCycleHours]) => {
    expect(registrationPerformance(registrations, wins, asOf)).toEqual({ won, lost, open, winRateBps, medianCycleHours });
  });

  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %p', (values, expected) => expect(median(values)).toBe(expected));
});
