import { verdictFor } from './meter-outcome.rule';

describe('verdictFor: what an answer means for a frozen hour', () => {
  it('accepts a success and retries what was not processed', () => {
    expect(verdictFor({ ref: 'h', kind: 'ACCEPTED', meteringRecordId: 'r1' }, 5n, 0)).toEqual({
      status: 'ACCEPTED',
      reason: null,
      meteringRecordId: 'r1',
    });
    expect(verdictFor({ ref: 'h', kind: 'RETRY', reason: 'UnprocessedRecords' }, 5n, 0).status).toBe('RETRY');
    expect(verdictFor({ ref: 'h', kind: 'REJECTED', reason: 'CustomerNotSubscribed' }, 5n, 0)).toEqual({
      status: 'REJECTED',
      reason: 'CustomerNotSubscribed',
    });
  });

  it('takes a duplicate holding the same quantity as delivered, another quantity as a conflict', () => {
    expect(verdictFor({ ref: 'h', kind: 'DUPLICATE', acceptedQuantity: 5n, detail: 'Duplicate' }, 5n, 0).status).toBe('ACCEPTED');
    const conflict = verdictFor({ ref: 'h', kind: 'DUPLICATE', acceptedQuantity: 7n, detail: 'Duplicate' }, 5n, 3);
    expect(conflict).toMatchObject({
      status: 'REJECTED',
      reason: expect.stringMatching(/^DUPLICATE_CONFLICT: the marketplace holds 7, we froze 5/),
    });
  });

  it('when the marketplace does not say what it holds: delivered on a resend of our frozen quantity, a conflict on a first send', () => {
    const duplicate = { ref: 'h', kind: 'DUPLICATE' as const, acceptedQuantity: null, detail: 'DuplicateRecord' };
    expect(verdictFor(duplicate, 5n, 1).status).toBe('ACCEPTED');
    expect(verdictFor(duplicate, 5n, 0)).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/^DUPLICATE_CONFLICT/) });
  });
});
