export type AgreementStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'RENEWED'
  | 'REPLACED'
  | 'ROLLED_BACK'
  | 'SUPERSEDED'
  | 'TERMINATED';

export type AgreementIntent = 'NEW' | 'RENEW' | 'REPLACE' | 'AMEND';

export interface Agreement {
  readonly agreementId: string;
  readonly acceptorAccountId: string;
  readonly proposerAccountId: string;
  /** The ISV that owns the product; differs from the proposer for channel (CPPO) offers. */
  readonly manufacturerAccountId: string;
  readonly offerId: string;
  readonly productId: string;
  readonly productCode: string;
  readonly productTitle: string;
  readonly resaleAuthorizationId: string | undefined;
  /** Total contract value as a decimal string ("12000.00"), as the Agreement API reports it. */
  agreementValue: string;
  readonly currency: string;
  intent: AgreementIntent;
  status: AgreementStatus;
  readonly acceptanceTime: Date;
  readonly startTime: Date;
  endTime: Date;
  readonly durationMonths: number;
  readonly dimensions: { key: string; quantity: number }[];
  readonly licenseArn: string;
  lastUpdateTime: Date;
}
