import { planMeteringBatches, type BatchableHour } from './metering-batch.builder';

const NOW = new Date('2026-04-15T10:30:00Z');
let n = 0;
const hour = (iso: string, changes: Partial<BatchableHour> = {}): BatchableHour => ({
  id: `h${n++}`,
  cloud: 'AWS',
  productCode: 'p1',
  hour: new Date(iso),
  billedQuantity: 1n,
  sendAttempts: 0,
  ...changes,
});

describe('planMeteringBatches: the 25-record, one-product and window rules', () => {
  it('puts at most 25 records in a call and never two products in one', () => {
    const hours = [
      ...Array.from({ length: 26 }, () => hour('2026-04-15T08:00:00Z')),
      ...Array.from({ length: 3 }, () => hour('2026-04-15T08:00:00Z', { productCode: 'p2' })),
    ];
    const plan = planMeteringBatches(hours, NOW, 6);
    expect(plan.batches.map((b) => [b.productCode, b.hours.length])).toEqual([
      ['p1', 25],
      ['p1', 1],
      ['p2', 3],
    ]);
  });

  it('holds back hours past their window instead of sinking the call, and tells never-sent from maybe-sent', () => {
    const stale = hour('2026-04-15T04:00:00Z');
    const staleSent = hour('2026-04-15T03:00:00Z', { sendAttempts: 1 });
    const fresh = hour('2026-04-15T09:00:00Z');
    const plan = planMeteringBatches([stale, fresh, staleSent], NOW, 6);
    expect(plan.batches.flatMap((b) => b.hours)).toEqual([fresh]);
    expect(plan.outOfWindow).toEqual([stale]);
    expect(plan.unconfirmable).toEqual([staleSent]);
  });

  it('sends no zero event to Azure, which takes none', () => {
    const zero = hour('2026-04-15T09:00:00Z', { cloud: 'AZURE', billedQuantity: 0n });
    const awsZero = hour('2026-04-15T09:00:00Z', { billedQuantity: 0n });
    const plan = planMeteringBatches([zero, awsZero], NOW, 6);
    expect(plan.nothingToSend).toEqual([zero]);
    expect(plan.batches.flatMap((b) => b.hours)).toEqual([awsZero]);
  });

  it('sends the earliest deadlines first', () => {
    const plan = planMeteringBatches(
      [hour('2026-04-15T09:00:00Z', { productCode: 'late' }), hour('2026-04-15T05:00:00Z', { productCode: 'early' })],
      NOW,
      6,
    );
    expect(plan.batches.map((b) => b.productCode)).toEqual(['early', 'late']);
  });
});
