import { attributeMdfOutcomes, mdfActivityFor, type MdfTouch } from './mdf-attribution.rule';

const at = (day: number) => new Date(Date.UTC(2026, 9, day));
const touch = (id: string, startDay: number, targets: string[], spentMinor = 100_000n, partnerId = 'globex'): MdfTouch => ({
  id,
  partnerId,
  currency: 'USD',
  startsAt: at(startDay),
  targetCustomerIds: targets,
  spentMinor,
});
const event = (customerId: string, day: number, amountMinor = 0n, partnerId = 'globex') => ({
  partnerId,
  customerId,
  currency: 'USD',
  at: at(day),
  amountMinor,
});

describe('which MDF activity a credited dollar or a registration is counted for', () => {
  const dinner = touch('dinner', 1, ['initech']);
  const workshop = touch('workshop', 10, ['initech', 'hooli']);

  it('is the latest activity for the customer that had started by then', () => {
    expect(mdfActivityFor(event('initech', 5), [dinner, workshop])).toBe('dinner');
    expect(mdfActivityFor(event('initech', 10), [dinner, workshop])).toBe('workshop');
    expect(mdfActivityFor(event('initech', 20), [workshop, dinner])).toBe('workshop');
    expect(mdfActivityFor(event('hooli', 5), [dinner, workshop])).toBeNull();
  });

  it('is never an activity of another partner or currency, one that spent nothing, or none before any started', () => {
    expect(mdfActivityFor(event('initech', 5, 0n, 'fabrikam'), [dinner])).toBeNull();
    expect(mdfActivityFor({ ...event('initech', 5), currency: 'EUR' }, [dinner])).toBeNull();
    expect(mdfActivityFor(event('initech', 20), [dinner, touch('expired', 10, ['initech'], 0n)])).toBe('dinner');
    expect(mdfActivityFor(event('initech', 0), [dinner])).toBeNull();
  });

  it('breaks a tie of starts by request id, whatever order the activities come in', () => {
    const [a, b] = [touch('a', 3, ['initech']), touch('b', 3, ['initech'])];
    expect(mdfActivityFor(event('initech', 4), [b, a])).toBe('a');
    expect(mdfActivityFor(event('initech', 4), [a, b])).toBe('a');
  });

  it('counts each dollar and each registration once: the activities add up to what was credited and registered', () => {
    const credits = [
      event('initech', 5, 4_200_000n),
      event('initech', 12, 1_000_000n),
      event('hooli', 12, 500_000n),
      event('umbrella', 12, 7n),
    ];
    const deals = [event('initech', 2, 10_000_000n), event('hooli', 11, 2_000_000n)];
    const figures = attributeMdfOutcomes([dinner, workshop, touch('segment', 1, [])], credits, deals);
    expect(Object.fromEntries(figures)).toEqual({
      dinner: { deals: 1, pipelineMinor: 10_000_000n, creditedMinor: 4_200_000n },
      workshop: { deals: 1, pipelineMinor: 2_000_000n, creditedMinor: 1_500_000n },
      segment: { deals: 0, pipelineMinor: 0n, creditedMinor: 0n },
    });
    const credited = [...figures.values()].reduce((sum, f) => sum + f.creditedMinor, 0n);
    // Everything but Umbrella's, which no activity targeted.
    expect(credited).toBe(4_200_000n + 1_000_000n + 500_000n);
  });
});
