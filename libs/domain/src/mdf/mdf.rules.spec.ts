import { checkMdfApproval, checkMdfClaimAmount, mdfPeriodOf } from './mdf-budget.rules';
import { isMdfRequestExpired, mdfHeldMinor, mdfShownStatus } from './mdf-request.lifecycle';
import { mdfRoi, sumMdfRoi } from './mdf-roi.calculator';

const now = new Date('2026-12-01T00:00:00Z');

describe('MDF approval against a budget', () => {
  it('approves up to what is left, never more', () => {
    expect(checkMdfApproval({ budgetMinor: 10_000n, heldMinor: 6_000n, requestedMinor: 5_000n, approveMinor: 4_000n })).toEqual({
      ok: true,
      availableAfterMinor: 0n,
    });
    expect(checkMdfApproval({ budgetMinor: 10_000n, heldMinor: 6_001n, requestedMinor: 5_000n, approveMinor: 4_000n })).toMatchObject({
      ok: false,
      field: 'amount',
      reason: expect.stringMatching(/budget has left \(3999/),
    });
  });

  it('refuses more than requested, and nothing at all', () => {
    expect(checkMdfApproval({ budgetMinor: 10_000n, heldMinor: 0n, requestedMinor: 100n, approveMinor: 101n })).toMatchObject({
      ok: false,
    });
    expect(checkMdfApproval({ budgetMinor: 10_000n, heldMinor: 0n, requestedMinor: 100n, approveMinor: 0n })).toMatchObject({ ok: false });
  });

  it('keeps a claim within the approved amount', () => {
    expect(checkMdfClaimAmount(500n, 500n)).toBeNull();
    expect(checkMdfClaimAmount(500n, 501n)).toMatch(/approved for/);
    expect(checkMdfClaimAmount(500n, 0n)).toMatch(/more than zero/);
  });

  it('names the quarter an activity starts in, in UTC', () => {
    expect(mdfPeriodOf(new Date('2026-10-01T00:00:00Z'))).toBe('2026-Q4');
    expect(mdfPeriodOf(new Date('2026-09-30T23:59:59Z'))).toBe('2026-Q3');
  });
});

describe('MDF request lifecycle', () => {
  const approved = { status: 'APPROVED' as const, claimStatus: null, committedMinor: 700n };

  it('reads an approved, unclaimed request past its deadline as expired, holding nothing', () => {
    const past = { ...approved, claimDeadline: new Date('2026-11-30T00:00:00Z') };
    expect(isMdfRequestExpired(past, now)).toBe(true);
    expect(mdfShownStatus(past, now)).toBe('EXPIRED');
    expect(mdfHeldMinor(past, now)).toBe(0n);
    const future = { ...approved, claimDeadline: new Date('2026-12-02T00:00:00Z') };
    expect(mdfShownStatus(future, now)).toBe('APPROVED');
    expect(mdfHeldMinor(future, now)).toBe(700n);
  });

  it('shows a claimed request by its claim', () => {
    const claimed = { status: 'CLAIMED' as const, claimDeadline: new Date('2026-01-01T00:00:00Z') };
    expect(mdfShownStatus({ ...claimed, claimStatus: 'SUBMITTED' }, now)).toBe('CLAIMED');
    expect(mdfShownStatus({ ...claimed, claimStatus: 'APPROVED' }, now)).toBe('CLAIM_APPROVED');
    expect(mdfShownStatus({ ...claimed, claimStatus: 'PAID' }, now)).toBe('PAID');
  });
});

describe('MDF return on investment', () => {
  it('divides credited revenue by spend, exactly, rounded down to four decimals', () => {
    expect(mdfRoi({ spentMinor: 300_000n, pipelineMinor: 5_000_000n, creditedMinor: 1_000_000n }).revenuePerMdfDollar).toBe('3.3333');
    expect(mdfRoi({ spentMinor: 0n, pipelineMinor: 0n, creditedMinor: 10n }).revenuePerMdfDollar).toBeNull();
  });

  it('sums activities before dividing', () => {
    const total = sumMdfRoi([
      { spentMinor: 100n, pipelineMinor: 1n, creditedMinor: 1_000n },
      { spentMinor: 300n, pipelineMinor: 2n, creditedMinor: 0n },
    ]);
    expect(total).toEqual({ spentMinor: 400n, pipelineMinor: 3n, creditedMinor: 1_000n, revenuePerMdfDollar: '2.5000' });
  });
});
