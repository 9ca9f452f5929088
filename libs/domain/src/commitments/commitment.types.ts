import type { Cloud } from '../attribution/attribution.types';

/** AWS Enterprise Discount Program / Private Pricing Agreement, Azure consumption commitment, Google Cloud commit. */
export type CommitmentKind = 'EDP' | 'PPA' | 'MACC' | 'GCP';

export interface Commitment {
  cloud: Cloud;
  kind: CommitmentKind;
  totalMinor: bigint;
  /** ISO 4217 code of the amounts, for readable reasons; USD when omitted. */
  currency?: string;
  startsAt: Date;
  /** Exclusive end of the commitment term. */
  endsAt: Date;
  /** Share of the commitment marketplace spend may retire; EDP/PPA default 2500 (25%), MACC/GCP 10000. */
  marketplaceCapBps?: number;
  /** Marketplace spend already retired against this commitment, before this purchase. */
  alreadyDrawnMarketplaceMinor: bigint;
}
