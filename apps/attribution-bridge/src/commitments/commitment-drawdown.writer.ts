import { Injectable } from '@nestjs/common';
import type { Cloud, Prisma } from '@bridge/database';
import { drawdownFor } from '@bridge/domain';
import { toDomainCommitment } from './commitment.mapper';

export interface DrawdownSubject {
  cloud: Cloud;
  customerId: string;
  agreementId: string;
  /** The agreement's current value; 0 once cancelled. */
  valueMinor: bigint;
  currency: string;
  /** The cloud judges eligibility by invoice date. */
  invoiceDate: Date;
  listing: { deployedOnAws: boolean; azureBenefitEligible: boolean; gcpCommitEligible: boolean; commitEligibleSince: Date | null } | null;
  /** Who drove the purchase (the largest credited share); null for direct. */
  partnerId: string | null;
}

/**
 * Draws a purchase down from the customer's commitments on its cloud, inside
 * the crediting transaction. Like credit, a drawdown follows the agreement's
 * current value: each call appends only the difference, so a redelivered
 * event draws nothing more and a cancellation gives back what was drawn.
 * Each commitment is locked while its remaining cap is computed, so two
 * purchases of one customer at once cannot both use the last of the cap.
 */
@Injectable()
export class CommitmentDrawdownWriter {
  async apply(tx: Prisma.TransactionClient, subject: DrawdownSubject): Promise<number> {
    const commitments = await tx.commitment.findMany({
      where: { customerId: subject.customerId, cloud: subject.cloud, currency: subject.currency },
      orderBy: { id: 'asc' },
    });
    let written = 0;
    for (const commitment of commitments) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`commitment:${commitment.id}`}))`;
      const [all, mine] = await Promise.all([
        tx.commitmentDrawdown.aggregate({ where: { commitmentId: commitment.id }, _sum: { drawnMinor: true } }),
        tx.commitmentDrawdown.aggregate({
          where: { commitmentId: commitment.id, agreementId: subject.agreementId },
          _sum: { drawnMinor: true },
          _count: { _all: true },
        }),
      ]);
      const drawnByThis = mine._sum.drawnMinor ?? 0n;
      const target = drawdownFor({
        commitment: toDomainCommitment(commitment, (all._sum.drawnMinor ?? 0n) - drawnByThis),
        purchase: {
          amountMinor: subject.valueMinor,
          invoiceDate: subject.invoiceDate,
          deployedOnAws: subject.listing?.deployedOnAws ?? true,
          azureBenefitEligible: subject.listing?.azureBenefitEligible ?? false,
          gcpEligible: subject.listing?.gcpCommitEligible ?? true,
          eligibleSince: subject.listing?.commitEligibleSince ?? undefined,
        },
      });
      const delta = target.drawnMinor - drawnByThis;
      // Nothing moves, but the first look is still recorded so the burn-down can say why a purchase did not count.
      if (delta === 0n && mine._count._all > 0) continue;
      await tx.commitmentDrawdown.create({
        data: {
          commitmentId: commitment.id,
          drawdownKey: `${commitment.id}:${subject.agreementId}:${mine._count._all + 1}`,
          agreementId: subject.agreementId,
          partnerId: subject.partnerId,
          invoiceDate: subject.invoiceDate,
          eligibleMinor: target.eligibleMinor,
          drawnMinor: delta,
          reason: mine._count._all > 0 ? `adjusted to the agreement's new value: ${target.reason}` : target.reason,
        },
      });
      written += 1;
    }
    return written;
  }
}
