import { HttpStatus, Injectable } from '@nestjs/common';
import {
  checkMdfApproval,
  checkMdfClaimAmount,
  defaultClaimDeadline,
  isMdfRequestExpired,
  mdfPeriodOf,
  parseDecimalToMinor,
  positiveAmount,
} from '@bridge/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { MdfRepository, type MdfRequestRow } from './mdf.repository';
import type { CreateRequestInput, SubmitClaimInput } from './mdf.schemas';

/**
 * A partner's request for market development funds, from submission to
 * payment. Each step checks the request's state under a row lock and commits
 * with its audit entry, or not at all. Approval also locks the budget it
 * draws on, so two approvals against the last of a budget cannot both pass.
 */
@Injectable()
export class MdfRequestService {
  constructor(
    private readonly mdf: MdfRepository,
    private readonly audit: AuditTrail,
  ) {}

  async submit(principal: Principal, input: CreateRequestInput) {
    const partnerId = await this.requesterOf(principal, input.partnerId);
    const facts = await this.activityFacts(input);
    return this.mdf.transaction(async (tx) => {
      const created = await this.mdf.createRequest({ partnerId, ...facts }, tx);
      await this.audit.record(principal, 'mdf.request.submitted', 'mdf_request', created.id, null, summary(created), tx);
      return created;
    });
  }

  /** The partner revises a request that is waiting for a decision or was sent back for changes; it is then waiting again. */
  async revise(principal: Principal, scope: string | null, id: string, input: CreateRequestInput) {
    const facts = await this.activityFacts(input);
    return this.decide(scope, id, ['SUBMITTED', 'CHANGES_REQUESTED'], async (request, tx) => {
      if (input.partnerId && input.partnerId !== request.partnerId)
        throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'a request stays with the partner who made it');
      const revised = await this.mdf.updateRequest(id, { ...facts, status: 'SUBMITTED' }, tx);
      await this.audit.record(principal, 'mdf.request.revised', 'mdf_request', id, null, summary(revised), tx);
      return revised;
    });
  }

  async approve(principal: Principal, id: string, input: { amount?: string; claimDeadline?: Date; reason?: string }, now = new Date()) {
    return this.decide(null, id, ['SUBMITTED'], async (request, tx) => {
      const partner = await this.mdf.partner(request.partnerId);
      const budget = partner && (await this.mdf.budgetFor(partner, request.period, tx));
      if (!budget)
        throw ApiError.field(
          HttpStatus.CONFLICT,
          'period',
          `no MDF budget for ${request.period} covers this partner (neither its own nor its tier's${partner?.tier ? ` ${partner.tier}` : ''})`,
        );
      if (budget.currency !== request.currency)
        throw ApiError.field(HttpStatus.CONFLICT, 'currency', `the budget is in ${budget.currency}, the request in ${request.currency}`);
      const approveMinor = input.amount === undefined ? request.requestedMinor : minorOf('amount', input.amount, request.currency);
      const claimDeadline = input.claimDeadline ?? defaultClaimDeadline(request.endsAt);
      if (claimDeadline < request.endsAt)
        throw ApiError.field(HttpStatus.BAD_REQUEST, 'claimDeadline', 'must not be before the activity ends');
      await this.mdf.lockBudget(budget.id, tx);
      const verdict = checkMdfApproval({
        budgetMinor: budget.amountMinor,
        heldMinor: await this.mdf.heldMinor(budget.id, now, tx, id),
        requestedMinor: request.requestedMinor,
        approveMinor,
      });
      if (!verdict.ok) throw ApiError.field(HttpStatus.CONFLICT, verdict.field, verdict.reason);
      const approved = await this.mdf.updateRequest(
        id,
        {
          status: 'APPROVED',
          budgetId: budget.id,
          approvedMinor: approveMinor,
          committedMinor: approveMinor,
          claimDeadline,
          decidedBy: principal.actor,
          decidedAt: now,
          decisionReason: input.reason ?? null,
        },
        tx,
      );
      await this.audit.record(
        principal,
        'mdf.request.approved',
        'mdf_request',
        id,
        input.reason ?? null,
        {
          budgetId: budget.id,
          requestedMinor: request.requestedMinor.toString(),
          approvedMinor: approveMinor.toString(),
          budgetAvailableAfterMinor: verdict.availableAfterMinor.toString(),
          claimDeadline: claimDeadline.toISOString(),
        },
        tx,
      );
      return approved;
    });
  }

  async reject(principal: Principal, id: string, reason: string, now = new Date()) {
    return this.simpleDecision(principal, id, 'REJECTED', 'mdf.request.rejected', reason, now);
  }

  async requestChanges(principal: Principal, id: string, reason: string, now = new Date()) {
    return this.simpleDecision(principal, id, 'CHANGES_REQUESTED', 'mdf.request.changes-requested', reason, now);
  }

  async claim(principal: Principal, scope: string | null, id: string, input: SubmitClaimInput, now = new Date()) {
    return this.decide(scope, id, ['APPROVED'], async (request, tx) => {
      if (isMdfRequestExpired({ ...request, claimStatus: null }, now))
        throw ApiError.field(HttpStatus.CONFLICT, 'claimDeadline', `the claim deadline passed on ${request.claimDeadline!.toISOString()}`);
      if (request.startsAt > now) throw ApiError.field(HttpStatus.CONFLICT, 'startsAt', 'the activity has not started yet');
      const claimedMinor = minorOf('amount', input.amount, request.currency);
      const problem = checkMdfClaimAmount(request.approvedMinor ?? 0n, claimedMinor);
      if (problem) throw ApiError.field(HttpStatus.BAD_REQUEST, 'amount', problem);
      const claim = await this.mdf.createClaim(
        {
          requestId: id,
          claimedMinor,
          currency: request.currency,
          leadsReached: input.leadsReached,
          customersReached: input.customersReached,
          summary: input.summary,
        },
        tx,
      );
      const claimed = await this.mdf.updateRequest(id, { status: 'CLAIMED' }, tx);
      await this.audit.record(
        principal,
        'mdf.claim.submitted',
        'mdf_request',
        id,
        null,
        { claimId: claim.id, claimedMinor: claimedMinor.toString(), leadsReached: input.leadsReached },
        tx,
      );
      return claimed;
    });
  }

  async approveClaim(principal: Principal, id: string, input: { amount?: string; reason?: string }, now = new Date()) {
    return this.decideClaim(id, 'SUBMITTED', async (request, claim, tx) => {
      if (claim.attachments.length === 0)
        throw ApiError.field(HttpStatus.CONFLICT, 'attachments', 'the claim has no proof of execution attached');
      const amountMinor = input.amount === undefined ? claim.claimedMinor : minorOf('amount', input.amount, claim.currency);
      const problem =
        checkMdfClaimAmount(request.approvedMinor ?? 0n, amountMinor) ??
        (amountMinor > claim.claimedMinor ? 'is more than the partner claimed' : null);
      if (problem) throw ApiError.field(HttpStatus.BAD_REQUEST, 'amount', problem);
      await this.mdf.updateClaim(
        claim.id,
        {
          status: 'APPROVED',
          approvedMinor: amountMinor,
          decidedBy: principal.actor,
          decidedAt: now,
          decisionReason: input.reason ?? null,
        },
        tx,
      );
      // What the activity holds of its budget is now what its claim was approved for; the rest returns to the budget.
      const updated = await this.mdf.updateRequest(id, { committedMinor: amountMinor }, tx);
      await this.audit.record(
        principal,
        'mdf.claim.approved',
        'mdf_request',
        id,
        input.reason ?? null,
        { claimId: claim.id, claimedMinor: claim.claimedMinor.toString(), approvedMinor: amountMinor.toString() },
        tx,
      );
      return updated;
    });
  }

  async rejectClaim(principal: Principal, id: string, reason: string, now = new Date()) {
    return this.decideClaim(id, 'SUBMITTED', async (_request, claim, tx) => {
      await this.mdf.updateClaim(claim.id, { status: 'REJECTED', decidedBy: principal.actor, decidedAt: now, decisionReason: reason }, tx);
      const updated = await this.mdf.updateRequest(id, { committedMinor: 0n }, tx);
      await this.audit.record(principal, 'mdf.claim.rejected', 'mdf_request', id, reason, { claimId: claim.id }, tx);
      return updated;
    });
  }

  /** Marks an approved claim paid, once: a second payment of the same claim is refused (409). */
  async payClaim(principal: Principal, id: string, paymentReference: string, now = new Date()) {
    return this.decideClaim(id, 'APPROVED', async (_request, claim, tx) => {
      await this.mdf.updateClaim(claim.id, { status: 'PAID', paidBy: principal.actor, paidAt: now, paymentReference }, tx);
      const updated = await this.mdf.updateRequest(id, {}, tx);
      await this.audit.record(
        principal,
        'mdf.claim.paid',
        'mdf_request',
        id,
        null,
        { claimId: claim.id, paidMinor: (claim.approvedMinor ?? 0n).toString(), currency: claim.currency, paymentReference },
        tx,
      );
      return updated;
    });
  }

  private simpleDecision(
    principal: Principal,
    id: string,
    status: 'REJECTED' | 'CHANGES_REQUESTED',
    action: string,
    reason: string,
    now: Date,
  ) {
    return this.decide(null, id, ['SUBMITTED'], async (_request, tx) => {
      const decided = await this.mdf.updateRequest(id, { status, decidedBy: principal.actor, decidedAt: now, decisionReason: reason }, tx);
      await this.audit.record(principal, action, 'mdf_request', id, reason, {}, tx);
      return decided;
    });
  }

  /** Runs a step on a request locked for it, refusing it (409) unless the request is in one of `from`. */
  private decide<T>(
    scope: string | null,
    id: string,
    from: MdfRequestRow['status'][],
    step: (request: MdfRequestRow, tx: Parameters<Parameters<MdfRepository['transaction']>[0]>[0]) => Promise<T>,
  ): Promise<T> {
    return this.mdf.transaction(async (tx) => {
      const request = await this.mdf.lockRequest(id, tx);
      if (!request || (scope && request.partnerId !== scope)) throw ApiError.notFound(`MDF request ${id}`);
      if (!from.includes(request.status))
        throw ApiError.field(
          HttpStatus.CONFLICT,
          'status',
          `the request is ${request.status.toLowerCase()}; this needs it ${from.map((s) => s.toLowerCase()).join(' or ')}`,
        );
      return step(request, tx);
    });
  }

  private decideClaim<T>(
    id: string,
    from: 'SUBMITTED' | 'APPROVED',
    step: (
      request: MdfRequestRow,
      claim: NonNullable<MdfRequestRow['claim']>,
      tx: Parameters<Parameters<MdfRepository['transaction']>[0]>[0],
    ) => Promise<T>,
  ): Promise<T> {
    return this.decide(null, id, ['CLAIMED'], async (request, tx) => {
      const claim = request.claim!;
      if (claim.status !== from)
        throw ApiError.field(
          HttpStatus.CONFLICT,
          'claim.status',
          `the claim is ${claim.status.toLowerCase()}; this needs it ${from.toLowerCase()}`,
        );
      return step(request, claim, tx);
    });
  }

  private async requesterOf(principal: Principal, named: string | undefined): Promise<string> {
    if (principal.role === 'PARTNER' && named && named !== principal.partnerId)
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'a partner requests funds for itself only');
    const partnerId = principal.role === 'PARTNER' ? principal.partnerId : named;
    if (!partnerId) throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'required when staff request funds for a partner');
    if (!(await this.mdf.partner(partnerId))) throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'no such partner');
    return partnerId;
  }

  private async activityFacts(input: CreateRequestInput) {
    const known = await this.mdf.existingCustomers(input.targetCustomerIds);
    const unknown = input.targetCustomerIds.filter((c) => !known.has(c));
    if (unknown.length) throw ApiError.field(HttpStatus.BAD_REQUEST, 'targetCustomerIds', `no such customer: ${unknown.join(', ')}`);
    const requested = positiveAmount(input.amount, input.currency);
    if (requested.problem !== undefined) throw ApiError.field(HttpStatus.BAD_REQUEST, 'amount', requested.problem);
    const requestedMinor = requested.minor;
    return {
      period: mdfPeriodOf(input.startsAt),
      kind: input.kind,
      title: input.title,
      plan: input.plan,
      targetCustomerIds: input.targetCustomerIds,
      targetSegment: input.targetSegment ?? null,
      requestedMinor,
      currency: input.currency,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    };
  }
}

function minorOf(field: string, amount: string, currency: string): bigint {
  try {
    return parseDecimalToMinor(amount, currency);
  } catch (error) {
    throw ApiError.field(HttpStatus.BAD_REQUEST, field, (error as Error).message);
  }
}

const summary = (r: MdfRequestRow) => ({
  kind: r.kind,
  period: r.period,
  requestedMinor: r.requestedMinor.toString(),
  currency: r.currency,
  targetCustomerIds: r.targetCustomerIds,
});
