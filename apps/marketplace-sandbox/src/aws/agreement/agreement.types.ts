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

/** NEW on acceptance, REPLACE for the acceptance of a replacement offer, AMEND once changed; renewals are not modelled. */
export type AgreementIntent = 'NEW' | 'REPLACE' | 'AMEND';

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
  /** Set for a channel (CPPO) agreement; the events print null for a direct one. */
  readonly resaleAuthorizationId: string | undefined;
  /** Whether the offer has a free-trial term: the SNS messages' isFreeTrialTermPresent. */
  readonly freeTrial: boolean;
  /** Total contract value as a decimal string ("12000.00"), as the Agreement API reports it. */
  agreementValue: string;
  readonly currency: string;
  intent: AgreementIntent;
  /** The agreement this one replaced (a replacement offer's acceptance), as the Created event names it. */
  readonly previousAgreementId: string | undefined;
  status: AgreementStatus;
  readonly acceptanceTime: Date;
  readonly startTime: Date;
  endTime: Date;
  readonly durationMonths: number;
  readonly dimensions: { key: string; quantity: number }[];
  readonly licenseArn: string;
  lastUpdateTime: Date;
}
