/**
 * When AWS Marketplace takes a replacement offer (developer guide, "Work with
 * private offers", "Create a replacement offer"; "Work with channel partner
 * private offers" for the reseller's): it renews or upsells one agreement
 * that is still running, on AWS, and the new agreement must say when it ends
 * (MISSING_AGREEMENT_END_DATE otherwise). The buyer accepts before the offer
 * expires, so the new agreement must end after that. The API applies these
 * before anything is drafted, so a bad replacement never reaches the
 * marketplace.
 */
export interface ReplacedAgreementFacts {
  cloud: string;
  status: string;
}

export interface ReplacementTiming {
  /** The day the replacing agreement ends (YYYY-MM-DD). */
  agreementEndDate: string;
  expiresAt: Date;
}

export interface ReplacementOfferProblem {
  field: 'agreementId' | 'agreementEndDate';
  reason: string;
}

/** Only a running agreement is replaced: an ended one is sold again with a new private offer. */
export function replacedAgreementProblems(agreement: ReplacedAgreementFacts): ReplacementOfferProblem[] {
  if (agreement.cloud !== 'AWS')
    return [{ field: 'agreementId', reason: `replacement offers are an AWS Marketplace feature; this agreement is on ${agreement.cloud}` }];
  if (agreement.status !== 'ACTIVE') {
    return [
      {
        field: 'agreementId',
        reason: `the agreement is ${agreement.status.toLowerCase()}, not active: only a running agreement is replaced (draft a new private offer instead)`,
      },
    ];
  }
  return [];
}

export function replacementTimingProblems(timing: ReplacementTiming): ReplacementOfferProblem[] {
  const lastDayToAccept = timing.expiresAt.toISOString().slice(0, 10);
  if (timing.agreementEndDate <= lastDayToAccept) {
    return [
      {
        field: 'agreementEndDate',
        reason: `must be after the offer expires (${lastDayToAccept}): the new agreement ends after the buyer accepts it`,
      },
    ];
  }
  return [];
}
