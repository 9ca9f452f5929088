import { uuid } from '../../core/random-id.generator';
import { isoSeconds } from '../../events/eventbridge-publisher.service';
import { addMonths } from './agreement-dates';
import type { Agreement } from './agreement.types';

/**
 * The `detail` of each agreement-marketplace event, member for member as the
 * seller guide's "Events for agreements" and "Events for licenses" print
 * them (test/fixtures/aws/events). Nothing here may be added for the
 * product's convenience: a field AWS does not send is a field the product
 * must not rely on (the product and its licence come from DescribeAgreement
 * and the License events, never from the purchase events).
 */

/** Which copy of an agreement event: the offer's proposer, or the product's manufacturer (ISV). */
export type AgreementEventCopy = 'Proposer' | 'Manufacturer';

/** A channel (CPPO) agreement: a reseller proposed the ISV's product. */
export function isChannelAgreement(a: Agreement): boolean {
  return a.proposerAccountId !== a.manufacturerAccountId;
}

export function createdDetail(a: Agreement): Record<string, unknown> {
  const detail = purchaseDetail(a);
  // A successor points back at the agreement it ended, as the RENEW example of Created - Proposer prints it.
  if (a.previousAgreementId) detail.agreement = { ...agreementDates(a), previousAgreementId: a.previousAgreementId };
  return detail;
}

function purchaseDetail(a: Agreement): Record<string, unknown> {
  return {
    ...header(),
    agreement: { ...agreementDates(a) },
    resaleAuthorization: resaleAuthorization(a),
    ...parties(a),
  };
}

/** Only the proposer's copy carries the renewal settings and the product (newer page revision). */
export function amendedDetail(a: Agreement, copy: AgreementEventCopy): Record<string, unknown> {
  if (copy === 'Manufacturer') return purchaseDetail(a);
  return {
    ...header(),
    // The sandbox's agreements renew automatically, with the renewal locked a month before the end.
    agreement: { ...agreementDates(a), autoRenewalEnabled: true },
    renewalSummary: { lockoutStartTime: isoSeconds(addMonths(a.endTime, -1)), disabledBy: null },
    product: { id: a.productId, title: a.productTitle },
    resaleAuthorization: resaleAuthorization(a),
    ...parties(a),
  };
}

/** An ended agreement is named by its id and final status only. */
export function endedDetail(a: Agreement): Record<string, unknown> {
  return {
    ...header(),
    agreement: { id: a.agreementId, status: a.status },
    resaleAuthorization: resaleAuthorization(a),
    ...parties(a),
  };
}

/** License Updated / Deprovisioned: the only agreement events that name the product code and the licence. */
export function licenseDetail(a: Agreement): Record<string, unknown> {
  return {
    ...header(),
    agreement: { id: a.agreementId },
    product: { code: a.productCode, id: a.productId },
    license: { arn: licenseArnAsPrintedInEvents(a.licenseArn) },
    ...parties(a),
  };
}

/**
 * The licence events print the licence without the `arn:` prefix, with a
 * region and without the `license:` resource type
 * (`aws:license-manager:us-east-1:<account>:l-…`), unlike the ARN that
 * ResolveCustomer and GetEntitlements return
 * (`arn:aws:license-manager::<account>:license:l-…`). Reproduced as
 * documented, so the product learns to correlate on the `l-…` id.
 */
export function licenseArnAsPrintedInEvents(licenseArn: string): string {
  const match = /^arn:aws:license-manager:[^:]*:(\d{12}):license:(l-[0-9a-zA-Z]+)$/.exec(licenseArn);
  if (!match) return licenseArn;
  return `aws:license-manager:us-east-1:${match[1]}:${match[2]}`;
}

function header() {
  return { requestId: uuid(), catalog: 'AWSMarketplace' };
}

function agreementDates(a: Agreement) {
  return {
    id: a.agreementId,
    intent: a.intent,
    status: a.status,
    acceptanceTime: isoSeconds(a.acceptanceTime),
    startTime: isoSeconds(a.startTime),
    endTime: isoSeconds(a.endTime),
  };
}

/** Present on every purchase event; its id is null for a direct offer (seller guide, Created - Proposer). */
function resaleAuthorization(a: Agreement) {
  return { id: a.resaleAuthorizationId ?? null };
}

function parties(a: Agreement) {
  return {
    acceptor: { accountId: a.acceptorAccountId },
    proposer: { accountId: a.proposerAccountId },
    offer: { id: a.offerId },
  };
}
