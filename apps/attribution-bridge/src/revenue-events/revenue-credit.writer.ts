import { Injectable } from '@nestjs/common';
import { AttributionConflictRepository, PrismaService, type Prisma } from '@bridge/database';
import { divideRounded, drawdownFor } from '@bridge/domain';
import { toDomainCommitment } from '../commitments/commitment.mapper';
import { appendCredits, type LedgerCredit } from '../ledger/credit-ledger.writer';
import type { RevenueContext } from './revenue-context.repository';
import type { RevenueCreditPlan } from './revenue-credit.planner';

/**
 * Writes a batch of planned revenue credits in one transaction, exactly once.
 * The batch first claims its events (processed_at set where still null): a
 * second worker handling the same events waits on those rows and then finds
 * nothing left to claim. Credit and drawdown keys are unique too, so even a
 * claim that slipped through could not write twice. Commitments are locked
 * while their remaining marketplace cap is spent.
 */
@Injectable()
export class RevenueCreditWriter {
  constructor(
    private readonly prisma: PrismaService,
    private readonly conflicts: AttributionConflictRepository,
  ) {}

  async write(
    plans: RevenueCreditPlan[],
    context: RevenueContext,
    ruleSetVersion: number | null,
  ): Promise<{ events: number; credits: number }> {
    return this.prisma.$transaction(
      async (tx) => {
        const claimed = await this.claim(tx, plans);
        const mine = plans.filter((p) => claimed.has(p.event.id));
        if (mine.length === 0) return { events: 0, credits: 0 };
        const credits: LedgerCredit[] = mine.flatMap((plan) =>
          plan.lines.map((line) => ({
            creditKey: `rev:${plan.event.externalId}:${line.partnerId}:${line.ruleId}`,
            partnerId: line.partnerId,
            revenueEventId: plan.event.id,
            source: line.kicker ? ('KICKER' as const) : plan.event.kind,
            engagement: line.engagement,
            ruleId: line.ruleId,
            kicker: line.kicker ?? null,
            shareBps: line.shareBps,
            amountMinor: line.amountMinor,
            currency: plan.event.currency,
            reason: line.reason,
            occurredAt: plan.event.occurredAt,
          })),
        );
        await appendCredits(tx, credits);
        const drawdowns = await this.drawdowns(tx, mine, context);
        if (drawdowns.length) await tx.commitmentDrawdown.createMany({ data: drawdowns, skipDuplicates: true });
        const decided = mine.filter((p) => p.decision);
        if (decided.length) {
          await this.insertDecisions(tx, decided, ruleSetVersion);
          for (const plan of decided.filter((p) => p.decision!.conflicts.length)) {
            await this.conflicts.open(
              { subjectKey: `revenue:${plan.event.externalId}`, customerId: plan.customerId, listingId: plan.listing?.id ?? null },
              plan.decision!.conflicts,
              tx,
            );
          }
        }
        return { events: mine.length, credits: credits.length };
      },
      { timeout: 60_000 },
    );
  }

  /** Who won and why; the credit lines themselves are in partner_credit under the revenue event, not copied here. */
  private async insertDecisions(tx: Prisma.TransactionClient, plans: RevenueCreditPlan[], ruleSetVersion: number | null): Promise<void> {
    const col = <T>(pick: (p: RevenueCreditPlan) => T) => plans.map(pick);
    await tx.$executeRaw`
      INSERT INTO attribution_decision (id, subject_key, customer_id, listing_id, winner, reason, rule_set_version, credits)
      SELECT gen_random_uuid(), d.subject_key, d.customer_id, d.listing_id, d.winner, d.reason, ${ruleSetVersion}::int, d.credits
      FROM unnest(${col((p) => `revenue:${p.event.externalId}`)}::text[], ${col((p) => p.customerId)}::uuid[], ${col((p) => p.listing?.id ?? null)}::uuid[],
                  ${col((p) => p.decision!.winner)}::text[], ${col((p) => p.decision!.reason)}::text[],
                  ${col(() => '[]')}::jsonb[])
        AS d(subject_key, customer_id, listing_id, winner, reason, credits)
      ON CONFLICT (subject_key) DO NOTHING`;
  }

  private async claim(tx: Prisma.TransactionClient, plans: RevenueCreditPlan[]): Promise<Set<string>> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE revenue_event r SET processed_at = now(), outcome = u.outcome
      FROM unnest(${plans.map((p) => p.event.id)}::uuid[], ${plans.map((p) => p.outcome.slice(0, 2000))}::text[]) AS u(id, outcome)
      WHERE r.id = u.id AND r.processed_at IS NULL
      RETURNING r.id`;
    return new Set(rows.map((r) => r.id));
  }

  /** Spends each commitment's remaining cap in event order; a reversal gives back its share of the original drawdown. */
  private async drawdowns(tx: Prisma.TransactionClient, plans: RevenueCreditPlan[], context: RevenueContext) {
    const commitmentIds = [...new Set(plans.flatMap((p) => p.commitments.map((c) => c.id)))].sort();
    if (commitmentIds.length === 0) return [];
    for (const id of commitmentIds) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`commitment:${id}`}))`;
    const sums = await tx.commitmentDrawdown.groupBy({
      by: ['commitmentId'],
      where: { commitmentId: { in: commitmentIds } },
      _sum: { drawnMinor: true },
    });
    const drawn = new Map(sums.map((s) => [s.commitmentId, s._sum.drawnMinor ?? 0n]));
    const rows: Prisma.CommitmentDrawdownCreateManyInput[] = [];
    for (const plan of plans) {
      const { event } = plan;
      const partnerId =
        plan.lines.find((l) => !l.kicker && l.engagement === 'SOURCED')?.partnerId ?? plan.lines.find((l) => !l.kicker)?.partnerId ?? null;
      for (const commitment of plan.commitments.filter((c) => c.cloud === event.cloud && c.currency === event.currency)) {
        const base = {
          commitmentId: commitment.id,
          drawdownKey: `${commitment.id}:rev:${event.externalId}`,
          revenueEventId: event.id,
          partnerId,
          invoiceDate: event.invoiceDate,
        };
        if (event.amountMinor < 0n) {
          const original = (context.originalDrawdownsOf.get(event.reversesExternalId ?? '') ?? []).find(
            (d) => d.commitmentId === commitment.id,
          );
          if (!original || original.drawnMinor === 0n || original.eligibleMinor === 0n) continue;
          const back = -divideRounded(original.drawnMinor * -event.amountMinor, original.eligibleMinor, 'HALF_EVEN');
          const giveBack = back < -original.drawnMinor ? -original.drawnMinor : back;
          drawn.set(commitment.id, (drawn.get(commitment.id) ?? 0n) + giveBack);
          rows.push({
            ...base,
            partnerId: original.partnerId,
            eligibleMinor: event.amountMinor,
            drawnMinor: giveBack,
            reason: `${event.kind.toLowerCase()} of ${event.reversesExternalId} gives back its share of the drawdown`,
          });
          continue;
        }
        const result = drawdownFor({
          commitment: toDomainCommitment(commitment, drawn.get(commitment.id) ?? 0n),
          purchase: {
            amountMinor: event.amountMinor,
            invoiceDate: event.invoiceDate,
            deployedOnAws: plan.listing?.deployedOnAws ?? true,
            azureBenefitEligible: plan.listing?.azureBenefitEligible ?? false,
            gcpEligible: plan.listing?.gcpCommitEligible ?? true,
            eligibleSince: plan.listing?.commitEligibleSince ?? undefined,
            activationDate: event.activatedAt ?? undefined,
          },
        });
        drawn.set(commitment.id, (drawn.get(commitment.id) ?? 0n) + result.drawnMinor);
        rows.push({ ...base, eligibleMinor: result.eligibleMinor, drawnMinor: result.drawnMinor, reason: result.reason });
      }
    }
    return rows;
  }
}
