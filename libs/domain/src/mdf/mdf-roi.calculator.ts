/**
 * What an MDF activity produced, against what it cost. Spent is what the
 * activity holds of its budget (mdfHeldMinor): the approved amount, then what
 * its claim was approved for and paid; nothing once rejected or expired. Revenue per MDF dollar is credited revenue over
 * spent, as an exact ratio rounded down to four decimals, null with nothing spent.
 */
export interface MdfRoiInput {
  spentMinor: bigint;
  pipelineMinor: bigint;
  creditedMinor: bigint;
}

export interface MdfRoi extends MdfRoiInput {
  /** "3.2500": credited revenue per unit of MDF spent, in the same currency. */
  revenuePerMdfDollar: string | null;
}

export function mdfRoi(input: MdfRoiInput): MdfRoi {
  return { ...input, revenuePerMdfDollar: ratio(input.creditedMinor, input.spentMinor) };
}

/** Sums several activities' figures (a partner's, a period's) and takes the ratio of the sums. */
export function sumMdfRoi(rows: readonly MdfRoiInput[]): MdfRoi {
  const total = rows.reduce(
    (acc, r) => ({
      spentMinor: acc.spentMinor + r.spentMinor,
      pipelineMinor: acc.pipelineMinor + r.pipelineMinor,
      creditedMinor: acc.creditedMinor + r.creditedMinor,
    }),
    { spentMinor: 0n, pipelineMinor: 0n, creditedMinor: 0n },
  );
  return mdfRoi(total);
}

function ratio(numerator: bigint, denominator: bigint): string | null {
  if (denominator <= 0n) return null;
  const negative = numerator < 0n;
  const scaled = ((negative ? -numerator : numerator) * 10_000n) / denominator;
  const whole = scaled / 10_000n;
  const fraction = (scaled % 10_000n).toString().padStart(4, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
