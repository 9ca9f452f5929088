import type { Request } from 'express';
import type { z } from 'zod';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  approveClaimSchema,
  approveRequestSchema,
  createRequestSchema,
  payClaimSchema,
  reasonSchema,
  submitClaimSchema,
} from '../mdf/mdf.schemas';
import { formField, formFields } from './dashboard-responses';

/**
 * The MDF page's forms, read into the API's own request schemas: a form
 * answers with the same rules and the same field names as the API. A field
 * left empty is a field not given (an optional amount approves in full).
 */
const given = (req: Request, name: string) => formField(req, name).trim() || undefined;
const parse = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => new ZodValidationPipe(schema).transform(value);
/** A count typed in a form; anything but digits is left as typed, for the schema to name. */
const count = (req: Request, name: string) =>
  /^\d{1,9}$/.test(formField(req, name).trim()) ? Number(formField(req, name)) : given(req, name);

export const requestForm = (req: Request) =>
  parse(createRequestSchema, {
    // Alliance names the partner it requests for; a partner's form has no such field (and the service refuses another's id).
    partnerId: given(req, 'partnerId'),
    kind: given(req, 'kind'),
    title: given(req, 'title'),
    plan: given(req, 'plan'),
    targetCustomerIds: formFields(req, 'targetCustomerIds').filter(Boolean),
    targetSegment: given(req, 'targetSegment'),
    amount: given(req, 'amount'),
    startsAt: given(req, 'startsAt'),
    endsAt: given(req, 'endsAt'),
  });

export const MDF_DECISIONS = ['approve', 'reject', 'request-changes'] as const;
export const CLAIM_DECISIONS = ['approve', 'reject'] as const;

/** Which decision the pressed button named; null for none of `allowed`. */
export function decisionOf<D extends string>(req: Request, allowed: readonly D[]): D | null {
  const decision = formField(req, 'decision');
  return (allowed as readonly string[]).includes(decision) ? (decision as D) : null;
}

export const approvalForm = (req: Request) =>
  parse(approveRequestSchema, { amount: given(req, 'amount'), claimDeadline: given(req, 'claimDeadline'), reason: given(req, 'reason') });

export const reasonForm = (req: Request) => parse(reasonSchema, { reason: given(req, 'reason') }).reason;

export const claimForm = (req: Request) =>
  parse(submitClaimSchema, {
    amount: given(req, 'amount'),
    leadsReached: count(req, 'leadsReached'),
    customersReached: count(req, 'customersReached'),
    summary: given(req, 'summary'),
  });

export const claimApprovalForm = (req: Request) =>
  parse(approveClaimSchema, { amount: given(req, 'amount'), reason: given(req, 'reason') });

export const paymentForm = (req: Request) => parse(payClaimSchema, { paymentReference: given(req, 'paymentReference') }).paymentReference;
