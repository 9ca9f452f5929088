import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AgreementRecreditOutbox, AttributionConflictRepository, PrismaService } from '@bridge/database';
import { JobProducer } from '@bridge/queues';
import { AuditTrail } from '../audit/audit-trail.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';

/**
 * Sales ops settle a conflict with a split. The split is stored as data the
 * rules replay for that customer, and every purchase the conflict held back
 * is credited again through the attribution bridge. The settlement, its
 * re-credit requests and its audit entry commit together; queueing the
 * re-credits afterwards only saves the bridge's sweep the wait, so a queue
 * that is down changes nothing for the caller.
 */
@Injectable()
export class ConflictSettlement {
  private readonly logger = new Logger(ConflictSettlement.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly conflicts: AttributionConflictRepository,
    private readonly recredits: AgreementRecreditOutbox,
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
    if (!(await this.conflicts.partnersExist(input.shares.map((s) => s.partnerId))))
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'shares', 'names a partner that does not exist');
    const requests = await this.prisma.$transaction(async (tx) => {
      const settled = await this.conflicts.resolve(tx, id, {
        shares: input.shares,
        reason: input.reason,
        actor: principal.actor,
        validFrom: input.validFrom ?? new Date(0),
      });
      if (!settled) return null;
      const agreements = await this.conflicts.agreementIdsOf(settled.subjectKeys, tx);
      const queued = await this.recredits.request(tx, agreements, input.reason);
      await this.audit.record(
        principal,
        'conflict.resolved',
        'attribution_conflict',
        id,
        input.reason,
        { shares: input.shares, recredited: agreements.length },
        tx,
      );
      return queued;
    });
    if (!requests) throw ApiError.field(HttpStatus.CONFLICT, 'status', 'the conflict was resolved meanwhile');
    // Not awaited: a queue whose Redis has not connected waits for it, and the settlement is already safe.
    void this.jobs.enqueueMany('agreement.recredit', requests).catch((error: Error) => {
      this.logger.warn(`conflict ${id} settled; re-crediting ${requests.length} agreements deferred to the sweep: ${error.message}`);
    });
    return { id, status: 'RESOLVED', shares: input.shares, recreditedAgreements: requests.length };
  }
}
