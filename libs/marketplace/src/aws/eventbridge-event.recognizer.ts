import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  AGREEMENT_SOURCE_NAME,
  agreementSignalSchema,
  CATALOG_SOURCE_NAME,
  eventBridgeEnvelopeSchema,
  licenseChangeOf,
  licenseEventDetailSchema,
  purchaseAgreementChangeOf,
  type EventBridgeEnvelope,
} from './eventbridge-event.schema';

/** What the product does with an event it understands. */
export type EventHandling = 'agreement' | 'license' | 'change-set' | 'no-effect';

export type EventRecognition =
  | { understood: true; envelope: EventBridgeEnvelope; handling: EventHandling }
  | { understood: false; externalId: string; source: string; detailType: string; reason: string };

/**
 * Seller events AWS documents (seller guide, "Amazon EventBridge events") that
 * change nothing the product keeps: stored as received and marked processed.
 */
const DOCUMENTED_WITHOUT_EFFECT: Record<string, ReadonlySet<string>> = {
  [CATALOG_SOURCE_NAME]: new Set(['Offer Released', 'OfferSet Released', 'Products Security Report Created']),
  [AGREEMENT_SOURCE_NAME]: new Set([
    // Reminders and advisories: the agreement itself changes by Amended or Ended, which do act.
    'Purchase Agreement Ending - Proposer',
    'Purchase Agreement Renewal Upcoming - Proposer',
    'Purchase Agreement Renewal Terms Finalized - Proposer',
    'Purchase Agreement Advisory Issued - Manufacturer',
    'Purchase Agreement Advisory Resolved - Manufacturer',
    // A cancellation takes effect as Purchase Agreement Ended; a billing adjustment reaches finance through the billing feed.
    'Agreement Cancellation Request Pending Approval - Proposer',
    'Agreement Cancellation Request Approved - Proposer',
    'Agreement Cancellation Request Rejected - Proposer',
    'Agreement Cancellation Request Cancelled - Proposer',
    'Agreement Cancellation Request Validation Failed - Proposer',
    'Purchase Agreement Billing Adjustment Completed - Proposer',
    'Purchase Agreement Billing Adjustment Failed - Proposer',
  ]),
};
const CHANGE_SET_FINISHED = /^Change Set (Succeeded|Failed|Cancelled)$/;

/**
 * Sorts an authenticated EventBridge delivery into understood (and how it is
 * handled) or not understood (and why). Nothing here refuses: an API
 * destination does not retry a 4xx, so a message the product cannot read yet
 * is parked for an operator rather than lost.
 */
export function recogniseEventBridgeEvent(body: Record<string, unknown>): EventRecognition {
  const envelope = eventBridgeEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return {
      understood: false,
      externalId: typeof body.id === 'string' && body.id.length > 0 && body.id.length <= 128 ? body.id : `unparsed-${digest(body)}`,
      source: textOf(body.source, '(none)'),
      detailType: textOf(body['detail-type'], '(none)'),
      reason: `not an EventBridge event: ${firstIssue(envelope.error)}`,
    };
  }
  const event = envelope.data;
  const park = (reason: string): EventRecognition => ({
    understood: false,
    externalId: event.id,
    source: event.source,
    detailType: event['detail-type'],
    reason,
  });
  const detailType = event['detail-type'];

  if (event.source === AGREEMENT_SOURCE_NAME && purchaseAgreementChangeOf(detailType)) {
    const detail = agreementSignalSchema.safeParse(event.detail);
    return detail.success
      ? { understood: true, envelope: event, handling: 'agreement' }
      : park(`${detailType}: ${firstIssue(detail.error, 'detail')}`);
  }
  if (event.source === AGREEMENT_SOURCE_NAME && licenseChangeOf(detailType)) {
    const detail = licenseEventDetailSchema.safeParse(event.detail);
    return detail.success
      ? { understood: true, envelope: event, handling: 'license' }
      : park(`${detailType}: ${firstIssue(detail.error, 'detail')}`);
  }
  if (event.source === CATALOG_SOURCE_NAME && CHANGE_SET_FINISHED.test(detailType))
    return { understood: true, envelope: event, handling: 'change-set' };
  if (DOCUMENTED_WITHOUT_EFFECT[event.source]?.has(detailType)) return { understood: true, envelope: event, handling: 'no-effect' };
  return park(`the product does not know "${detailType}" from ${event.source}`);
}

function firstIssue(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function textOf(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 256) : fallback;
}

/** A stable id for a body with none: its redelivery lands on the same row. */
function digest(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40);
}
