import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@bridge/database';
import type { Principal } from '../auth/principal';

/** Who did what, when and why: every state change a person makes through the API. */
@Injectable()
export class AuditTrail {
  constructor(private readonly prisma: PrismaService) {}

  /** Pass the transaction of the change being recorded: the entry commits with it or not at all. */
  async record(
    principal: Principal,
    action: string,
    entityType: string,
    entityId: string,
    reason: string | null,
    data: Record<string, unknown>,
    client: Prisma.TransactionClient = this.prisma,
  ) {
    await client.auditEntry.create({
      data: { actor: principal.actor, action, entityType, entityId, reason, data: data as Prisma.InputJsonValue },
    });
  }

  list(entityType: string, entityId: string) {
    return this.prisma.auditEntry.findMany({ where: { entityType, entityId }, orderBy: { at: 'asc' } });
  }
}
