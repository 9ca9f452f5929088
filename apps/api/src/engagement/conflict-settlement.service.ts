import { HttpStatus, Injectable } from '@nestjs/common';
import { AttributionConflictRepository } from '@bridge/database';
import { JobProducer } from '@bridge/queues';
import { AuditTrail } from '../audit/audit-trail.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';

/**
 * Sales ops settle a conflict with a split. The split is stored as data the
 * rules replay for that customer, and every purchase the conflict held back
 * is credited again through the attribution bridge.
 */
@Injectable()
export class ConflictSettlement {
  constructor(
    private readonly conflicts: AttributionConflictRepository,
    private readonly jobs: JobProducer,
    private readonly audit: AuditTrail,
  ) {}

  async settle(
    principal: Principal,
    id: string,
    input: { shares: { partnerId: string; engagement: 'SOURCED' | 'INFLUENCED'; bps: number }[]; reason: string; validFrom?: Date },
  ) {
    const existing = await this.conflicts.find(id);
    if (!existing) throw ApiError.notFound(`conflict ${id}`);
    if (existing.status !== 'OPEN') throw ApiError.field(HttpStatus.CONFLICT, 'status', 'the conflict is already resolved');
    if (!(await this.conflicts.partnersExist(input.shares.map((s) => s.partnerId)))) throw ApiError.field(HttpStatus.BAD_REQUEST, 'shares', 'names a partner that does not exist');
    const settled = await this.conflicts.resolve(id, {
      shares: input.shares,
      reason: input.reason,
      actor: principal.actor,
      validFrom: input.validFrom ?? new Date(0),
    });
    if (!settled) throw ApiError.field(HttpStatus.CONFLICT, 'status', 'the conflict was resolved meanwhile');
    const agreements = await this.conflicts.agreementIdsOf(settled.subjectKeys);
    await this.jobs.enqueueMany('agreement.recredit', agreements.map((agreementId) => ({ agreementId, reason: input.reason })));
    await this.audit.record(principal, 'conflict.resolved', 'attribution_conflict', id, input.reason, { shares: input.shares, recredited: agreements.length });
    return { id, status: 'RESOLVED', shares: input.shares, recreditedAgreements: agreements.length };
  }
}
