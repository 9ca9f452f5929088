import type { MeterOutcome } from '@bridge/marketplace';

export type HourVerdict =
  | { status: 'ACCEPTED'; reason: string | null; meteringRecordId: string | null }
  | { status: 'REJECTED'; reason: string }
  | { status: 'RETRY'; reason: string };

/**
 * What a marketplace's answer means for a frozen hour. The quantity sent is
 * always the frozen one, so a duplicate whose kept quantity equals it (or,
 * when the marketplace does not say, a duplicate answered to a resend of an
 * hour already sent once) is our own earlier delivery: billed once, done.
 * A duplicate on a first send, or with another quantity, is someone else's
 * record for the hour: an alert, never a silent success.
 */
export function verdictFor(outcome: MeterOutcome, billedQuantity: bigint, attemptsBefore: number): HourVerdict {
  switch (outcome.kind) {
    case 'ACCEPTED':
      return { status: 'ACCEPTED', reason: null, meteringRecordId: outcome.meteringRecordId };
    case 'RETRY':
      return { status: 'RETRY', reason: outcome.reason };
    case 'REJECTED':
      return { status: 'REJECTED', reason: outcome.reason };
    case 'DUPLICATE':
      if (outcome.acceptedQuantity !== null) {
        return outcome.acceptedQuantity === billedQuantity
          ? { status: 'ACCEPTED', reason: `delivered earlier (${outcome.detail})`, meteringRecordId: null }
          : {
              status: 'REJECTED',
              reason: `DUPLICATE_CONFLICT: the marketplace holds ${outcome.acceptedQuantity}, we froze ${billedQuantity} (${outcome.detail})`,
            };
      }
      return attemptsBefore > 0
        ? {
            status: 'ACCEPTED',
            reason: `delivered earlier: a resend of the same frozen quantity (${outcome.detail})`,
            meteringRecordId: null,
          }
        : {
            status: 'REJECTED',
            reason: `DUPLICATE_CONFLICT: first send of the hour, yet the marketplace already has another quantity (${outcome.detail})`,
          };
  }
}
