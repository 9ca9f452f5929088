/**
 * Which MDF activity a partner's credited dollar, or a deal it registered, is
 * counted for. Each is counted for one activity at most, so the figures of
 * activities add up to a partner's and a quarter's without counting a dollar
 * twice when several activities targeted the same customer.
 *
 * The rule ("last touch"): among the partner's activities in the event's
 * currency that targeted the event's customer, had started by the time of the
 * event and spent money, the one that started last; on the same start, the
 * request with the lower id (any fixed order would do; this one is stable).
 *
 * Why the latest rather than the earliest or a share: an activity is judged
 * by what followed it, and a later activity for the same customer is the
 * nearer cause of what follows it. The earlier activity keeps what came
 * between the two starts, so an old activity does not absorb an account's
 * revenue for ever, and no activity claims revenue from before it began.
 * Shares would split a dollar into fractions of a cent to be rounded; one
 * owner per dollar keeps every figure exact.
 *
 * An activity that spent nothing (rejected, expired unclaimed, its claim
 * rejected) did not happen as far as the programme can tell: it takes no
 * revenue, and what followed goes to an activity that did.
 *
 * A segment-only activity names no customers, and customers carry no
 * segment, so nothing can be matched to it: it is reported as unmeasured
 * (see MDF_SEGMENT_UNMEASURED) rather than given revenue it may not have
 * produced.
 */
export interface MdfTouch {
  id: string;
  partnerId: string;
  currency: string;
  startsAt: Date;
  targetCustomerIds: readonly string[];
  spentMinor: bigint;
}

export interface MdfOutcomeEvent {
  partnerId: string;
  customerId: string;
  currency: string;
  at: Date;
  amountMinor: bigint;
}

export interface MdfAttributed {
  deals: number;
  pipelineMinor: bigint;
  creditedMinor: bigint;
}

export const MDF_SEGMENT_UNMEASURED =
  'targets a segment, not customers: customer records carry no segment, so no registration or revenue can be traced to it';

const keyOf = (partnerId: string, customerId: string, currency: string) => `${partnerId}|${customerId}|${currency}`;

/** The activities that may own an event, per partner, customer and currency, latest start first. */
function candidates(touches: readonly MdfTouch[]): Map<string, MdfTouch[]> {
  const by = new Map<string, MdfTouch[]>();
  for (const touch of touches) {
    if (touch.spentMinor <= 0n) continue;
    for (const customerId of new Set(touch.targetCustomerIds)) {
      const key = keyOf(touch.partnerId, customerId, touch.currency);
      by.set(key, [...(by.get(key) ?? []), touch]);
    }
  }
  for (const list of by.values())
    list.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return by;
}

/** The id of the activity an event is counted for, or null when none qualifies. */
export function mdfActivityFor(event: Omit<MdfOutcomeEvent, 'amountMinor'>, touches: readonly MdfTouch[]): string | null {
  return ownerIn(candidates(touches), event);
}

function ownerIn(by: Map<string, MdfTouch[]>, event: Omit<MdfOutcomeEvent, 'amountMinor'>): string | null {
  const list = by.get(keyOf(event.partnerId, event.customerId, event.currency)) ?? [];
  return list.find((touch) => touch.startsAt.getTime() <= event.at.getTime())?.id ?? null;
}

/**
 * Every activity's registrations, pipeline and credited revenue, each deal
 * and each credited dollar counted for the one activity mdfActivityFor names.
 * Deals carry their estimated value as `amountMinor`.
 */
export function attributeMdfOutcomes(
  touches: readonly MdfTouch[],
  credits: readonly MdfOutcomeEvent[],
  deals: readonly MdfOutcomeEvent[],
): Map<string, MdfAttributed> {
  const by = candidates(touches);
  const result = new Map<string, MdfAttributed>(touches.map((t) => [t.id, { deals: 0, pipelineMinor: 0n, creditedMinor: 0n }]));
  for (const credit of credits) {
    const owner = ownerIn(by, credit);
    if (owner) result.get(owner)!.creditedMinor += credit.amountMinor;
  }
  for (const deal of deals) {
    const owner = ownerIn(by, deal);
    if (!owner) continue;
    const figures = result.get(owner)!;
    figures.deals += 1;
    figures.pipelineMinor += deal.amountMinor;
  }
  return result;
}
