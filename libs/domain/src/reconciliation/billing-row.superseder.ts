/** The part of a billing event feed row the superseding rule needs. */
export interface HistorisedRow {
  billingEventId: string;
}

/**
 * The billing event feed is historised: a later row for the same
 * billing_event_id supersedes an earlier one, it does not add to it. Keeps
 * the latest row per id, "latest" meaning later in feed order unless an
 * `isLater(candidate, current)` comparison (e.g. by a last-modified column)
 * is given. Ids keep the order in which they first appeared, so the output
 * is stable from one run to the next.
 */
export function supersedeRows<T extends HistorisedRow>(
  rows: readonly T[],
  isLater: (candidate: T, current: T) => boolean = () => true,
): T[] {
  const latest = new Map<string, T>();
  for (const row of rows) {
    const current = latest.get(row.billingEventId);
    if (current === undefined || isLater(row, current)) latest.set(row.billingEventId, row);
  }
  return [...latest.values()];
}
