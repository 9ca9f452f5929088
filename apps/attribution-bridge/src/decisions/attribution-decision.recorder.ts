import { Injectable } from '@nestjs/common';
import { AttributionConflictRepository, type ConflictSubject, type Prisma, type StoredCreditLine } from '@bridge/database';
import type { AttributionDecision } from '@bridge/domain';

export interface DecisionSubject extends ConflictSubject {
  ruleSetVersion: number | null;
}

/**
 * Records each attribution decision with its reason, and opens the conflicts
 * the rules could not settle for sales ops.
 */
@Injectable()
export class AttributionDecisionRecorder {
  constructor(private readonly conflicts: AttributionConflictRepository) {}

  async record(tx: Prisma.TransactionClient, subject: DecisionSubject, decision: AttributionDecision): Promise<void> {
    const credits: StoredCreditLine[] = decision.credits.map((c) => ({ ...c, amountMinor: c.amountMinor.toString() }));
    await tx.attributionDecision.upsert({
      where: { subjectKey: subject.subjectKey },
      create: { ...subject, winner: decision.winner, reason: decision.reason, credits },
      update: { winner: decision.winner, reason: decision.reason, credits, ruleSetVersion: subject.ruleSetVersion, decidedAt: new Date() },
    });
    const { subjectKey, customerId, listingId } = subject;
    await this.conflicts.open({ subjectKey, customerId, listingId }, decision.conflicts, tx);
  }
}
