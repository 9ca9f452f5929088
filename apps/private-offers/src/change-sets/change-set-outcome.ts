import type { ChangeProblem } from '@bridge/database';
import { CREATING_CHANGE_TYPES, type ChangeSetDescription } from '@bridge/marketplace';

const STEPS: Record<string, { step: string; field: string }> = {
  CreateOffer: { step: 'Creating the offer', field: 'listingId' },
  CreateOfferUsingResaleAuthorization: { step: 'Creating the offer from the resale authorization', field: 'resaleAuthorizationId' },
  CreateResaleAuthorization: { step: 'Creating the resale authorization', field: 'resellerPartnerId' },
  UpdateInformation: { step: 'Naming it', field: 'name' },
  UpdateTargeting: { step: 'Targeting the buyer accounts', field: 'buyerAccounts' },
  UpdatePricingTerms: { step: 'Setting the prices', field: 'prices' },
  UpdateValidityTerms: { step: 'Setting the contract duration', field: 'durationMonths' },
  UpdatePaymentScheduleTerms: { step: 'Setting the payment schedule', field: 'paymentSchedule' },
  UpdateLegalTerms: { step: 'Attaching the EULA', field: 'eula' },
  UpdateAvailability: { step: 'Setting the expiry date', field: 'expiresAt' },
  UpdateMarkup: { step: 'Setting the markup', field: 'markupPercent' },
  ReleaseOffer: { step: 'Releasing the offer to the buyer', field: '(offer)' },
  ReleaseResaleAuthorization: { step: 'Releasing the authorization to the reseller', field: '(resale authorization)' },
  UpdateDimensions: { step: 'Updating the dimensions', field: 'dimensions' },
  Configure: { step: 'Configuring the Azure private offer', field: '(offer)' },
};

const stepOf = (changeType: string) => STEPS[changeType] ?? { step: changeType, field: '(change set)' };

/** Every per-change error of a finished set, with the step and draft field it concerns. */
export function problemsOf(description: ChangeSetDescription): ChangeProblem[] {
  const problems = description.changes.flatMap((c) =>
    c.errors.map((e) => ({ changeType: c.changeType, field: stepOf(c.changeType).field, code: e.code, message: e.message })),
  );
  if (problems.length === 0 && description.status === 'FAILED') {
    problems.push({
      changeType: '(change set)',
      field: '(change set)',
      code: description.failureCode ?? 'FAILED',
      message:
        description.failureCode === 'SERVER_FAULT'
          ? 'The marketplace had an internal fault; the change can be sent again.'
          : (description.failureDescription ?? 'The marketplace refused the change set.'),
    });
  }
  return problems;
}

/** One sentence per problem: "Setting the prices failed: Dimension gpu_hours is not defined on the product (INVALID_DIMENSION)." */
export function describeProblems(problems: ChangeProblem[]): string {
  return problems.map((p) => `${stepOf(p.changeType).step} failed: ${p.message.replace(/\.$/, '')} (${p.code}).`).join(' ');
}

/** The id of the entity the set's Create* change made (the new offer or resale authorization). */
export function createdEntityId(description: ChangeSetDescription): string | null {
  return description.changes.find((c) => CREATING_CHANGE_TYPES.includes(c.changeType))?.entityId ?? null;
}

const NAME_PREFIX = 'bridge';

/** ChangeSetName carries our id, so a catalog event finds its set even before StartChangeSet's answer is stored. */
export const changeSetName = (purpose: string, id: string) => `${NAME_PREFIX} ${purpose.toLowerCase()} ${id}`;

export function changeSetIdFromName(name: string | undefined | null): string | null {
  const match = /^bridge [a-z_]+ ([0-9a-f-]{36})$/.exec(name ?? '');
  return match ? match[1] : null;
}
