/** lose-answer: the request is carried out, then answered 500, as when the answer is lost on its way back. */
export const FAULT_KINDS = ['throttle', 'error5xx', 'slow', 'drop-event', 'unprocessed', 'forbidden', 'lose-answer'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  readonly id: number;
  /** An API operation ("BatchMeterUsage", "azure.batchUsageEvent"), an event detail-type, or "*". */
  readonly operation: string;
  readonly kind: FaultKind;
  remaining: number;
  readonly delayMs: number;
}
