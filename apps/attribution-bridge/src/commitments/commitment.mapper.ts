import type { Commitment as CommitmentRow } from '@bridge/database';
import type { Commitment } from '@bridge/domain';

/** A stored commitment as the drawdown rule reads it, with what is already drawn from it. */
export function toDomainCommitment(row: CommitmentRow, alreadyDrawnMarketplaceMinor: bigint): Commitment {
  return {
    cloud: row.cloud,
    kind: row.kind,
    totalMinor: row.totalMinor,
    currency: row.currency,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    marketplaceCapBps: row.marketplaceCapBps,
    alreadyDrawnMarketplaceMinor,
  };
}
