import { Injectable, Logger } from '@nestjs/common';
import { PrismaService, type Cloud, type CreditSource, type Prisma } from '@bridge/database';
import type { AttributionDecision, CreditLine, EarlierAgreementFact, RegistrationFact } from '@bridge/domain';
import { JobProducer } from '@bridge/queues';
import { toRegistrationFact } from '../decisions/registration-fact.mapper';
import { CommitmentDrawdownWriter } from '../commitments/commitment-drawdown.writer';
import { AttributionDecisionRecorder } from '../decisions/attribution-decision.recorder';

export interface AgreementRecord {
  cloud: Cloud;
  marketplaceAgreementId: string;
  marketplaceOfferId: string;
  productId: string;
  acceptorAccountId: string;
  proposerAccountId: string;
  resaleAuthorizationId: string | null;
  intent: string;
  status: string;
  valueMinor: bigint;
  currency: string;
  acceptedAt: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  customerId: string | null;
  /** Azure: the SaaS plan, billing term and seats the value follows. */
  planId?: string | null;
  billingTerm?: string | null;
  quantity?: number | null;
  /** What the contract includes per dimension (AWS terms, Azure seats); undefined leaves what is stored. */
  includedQuantities?: Record<string, string> | null;
}

export interface CreditContext {
  resellerPartnerId: string | null;
  customer: { id: string; strategic: boolean } | null;
  listing: {
    id: string;
    deployedOnAws: boolean;
    azureBenefitEligible: boolean;
    gcpCommitEligible: boolean;
    commitEligibleSince: Date | null;
  } | null;
  registrations: RegistrationFact[];
  /** Kicker facts of the registrations: the partner's new-logo claim (which the agreements may overrule), a legacy migration. */
  newLogoClaimed: boolean;
  legacyMigration: boolean;
}

/** What to append for one agreement, and (when the rules ran) the decision behind it. */
export interface CreditPlan {
  lines: CreditLine[];
  outcome: string;
  decision?: AttributionDecision;
  ruleSetVersion?: number | null;
}

@Injectable()
export class AgreementCreditRepository {
  private readonly logger = new Logger(AgreementCreditRepository.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly decisions: AttributionDecisionRecorder,
    private readonly drawdowns: CommitmentDrawdownWriter,
    private readonly jobs: JobProducer,
  ) {}

  /** Who the rules need to know about: the proposing reseller, the buyer, the product, the registrations. */
  async loadContext(
    cloud: Cloud,
    input: {
      proposerAccountId: string;
      acceptorAccountId: string;
      productId: string;
    },
  ): Promise<CreditContext> {
    const [reseller, customerAccount, listing] = await Promise.all([
      // A channel sale is one the marketplace says a partner proposed (DescribeAgreement's proposer).
      this.prisma.partnerCloudAccount.findUnique({ where: { cloud_accountId: { cloud, accountId: input.proposerAccountId } } }),
      this.prisma.customerCloudAccount.findUnique({
        where: { cloud_accountId: { cloud, accountId: input.acceptorAccountId } },
        include: { customer: { select: { id: true, strategic: true } } },
      }),
      this.prisma.listing.findUnique({
        where: { cloud_productId: { cloud, productId: input.productId } },
        select: { id: true, deployedOnAws: true, azureBenefitEligible: true, gcpCommitEligible: true, commitEligibleSince: true },
      }),
    ]);
    const customer = customerAccount?.customer ?? null;
    const registrations = customer
      ? await this.prisma.dealRegistration.findMany({ where: { customerId: customer.id, status: { in: ['APPROVED', 'EXPIRED'] } } })
      : [];
    const covering = registrations.filter((r) => r.listingId === null || r.listingId === listing?.id);
    return {
      resellerPartnerId: reseller?.partnerId ?? null,
      customer,
      listing,
      newLogoClaimed: covering.some((r) => r.isNewLogo),
      legacyMigration: covering.some((r) => r.isLegacyMigration),
      registrations: registrations.map(toRegistrationFact),
    };
  }

  /**
   * The resale authorization of a channel sale: the one the product published
   * the offer under, else the event's own hint, taken only when the
   * marketplace's proposer is a partner (so a direct sale never becomes one).
   */
  async resaleAuthorizationOf(
    cloud: Cloud,
    marketplaceOfferId: string,
    proposerAccountId: string,
    hint: string | null,
  ): Promise<string | null> {
    const offer = await this.prisma.offer.findUnique({ where: { marketplaceOfferId }, select: { resaleAuthorizationId: true } });
    if (offer?.resaleAuthorizationId) return offer.resaleAuthorizationId;
    if (!hint) return null;
    const reseller = await this.prisma.partnerCloudAccount.findUnique({
      where: { cloud_accountId: { cloud, accountId: proposerAccountId } },
      select: { partnerId: true },
    });
    return reseller ? hint : null;
  }

  /**
   * Applies one marketplace event (or, with no event, a re-credit after sales
   * ops settled a conflict) to an agreement's credit, exactly once: the event
   * row is locked and checked inside the transaction, and a per-agreement
   * advisory lock serialises concurrent events of the same agreement, so each
   * computes its difference from the ledger as it stands. `plan` gets the
   * lines already credited (and, for a first credit of a known customer, its
   * other agreements for the product) and returns the lines to append. Credit, decision,
   * conflicts, commitment drawdown and the event's processed mark commit together.
   */
  async applyInTransaction(
    eventId: string | null,
    agreement: AgreementRecord & { listing: CreditContext['listing'] },
    plan: (credited: CreditLine[], otherAgreements: EarlierAgreementFact[] | null) => CreditPlan,
    actor: string,
  ): Promise<{ applied: boolean; written: number }> {
    let recorded: string | null = null;
    const result = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`agreement:${agreement.cloud}:${agreement.marketplaceAgreementId}`}))`;
      if (eventId) {
        const [event] = await tx.$queryRaw<{ processed_at: Date | null }[]>`
          SELECT processed_at FROM marketplace_event WHERE id = ${eventId}::uuid FOR UPDATE`;
        if (!event || event.processed_at) return { applied: false, written: 0 };
      }

      const { cloud, marketplaceAgreementId, listing, includedQuantities, ...fields } = agreement;
      const included = includedQuantities ?? undefined;
      const stored = await tx.agreement.upsert({
        where: { cloud_marketplaceAgreementId: { cloud, marketplaceAgreementId } },
        create: { cloud, marketplaceAgreementId, ...fields, includedQuantities: included },
        update: {
          status: fields.status,
          valueMinor: fields.valueMinor,
          endsAt: fields.endsAt,
          customerId: fields.customerId ?? undefined,
          planId: fields.planId ?? undefined,
          billingTerm: fields.billingTerm ?? undefined,
          quantity: fields.quantity === undefined ? undefined : fields.quantity,
          // An amendment changes what is bought; an Ended copy still reads its terms, so the last reading stands.
          includedQuantities: included,
        },
      });
      recorded = stored.id;
      const { credited, rowCounts } = await this.creditedLines(tx, stored.id);
      const others = credited.length === 0 && stored.customerId ? await this.otherAgreementsForProduct(tx, stored) : null;
      const { lines, outcome, decision, ruleSetVersion } = plan(credited, others);
      const rows = lines.map((line) => {
        // The n-th entry of a partner and rule on this agreement: a key that a
        // concurrent writer of the same entry would collide on.
        const group = `${line.partnerId}:${line.ruleId}`;
        const sequence = (rowCounts.get(group) ?? 0) + 1;
        rowCounts.set(group, sequence);
        return {
          creditKey: `${cloud}:${marketplaceAgreementId}:${group}:${sequence}`,
          partnerId: line.partnerId,
          agreementId: stored.id,
          source: sourceOf(line, credited),
          engagement: line.engagement,
          ruleId: line.ruleId,
          kicker: line.kicker ?? null,
          shareBps: line.shareBps,
          amountMinor: line.amountMinor,
          currency: agreement.currency,
          reason: line.reason,
          // A purchase counts when it was accepted; an adjustment in the period it happened.
          occurredAt: credited.length === 0 ? agreement.acceptedAt : new Date(),
        };
      });
      if (rows.length) await tx.partnerCredit.createMany({ data: rows });
      if (decision) {
        await this.decisions.record(
          tx,
          {
            subjectKey: `agreement:${cloud}:${marketplaceAgreementId}`,
            customerId: fields.customerId,
            listingId: listing?.id ?? null,
            ruleSetVersion: ruleSetVersion ?? null,
          },
          decision,
        );
      }
      if (fields.customerId) {
        await this.drawdowns.apply(tx, {
          cloud,
          customerId: fields.customerId,
          agreementId: stored.id,
          valueMinor: fields.valueMinor,
          currency: fields.currency,
          invoiceDate: fields.acceptedAt,
          listing,
          partnerId: leadPartner([...credited, ...lines]),
        });
      }
      await tx.auditEntry.create({
        data: {
          actor,
          action: 'agreement.credited',
          entityType: 'agreement',
          entityId: stored.id,
          reason: outcome,
          data: {
            eventId,
            credits: rows.map((r) => ({ partnerId: r.partnerId, amountMinor: r.amountMinor.toString(), ruleId: r.ruleId })),
          } as Prisma.InputJsonValue,
        },
      });
      if (eventId) await tx.marketplaceEvent.update({ where: { id: eventId }, data: { processedAt: new Date(), outcome } });
      return { applied: true, written: rows.length };
    });
    if (recorded) await this.agreementRecorded(recorded);
    return result;
  }

  /**
   * Once the agreement is committed, finance's UNMATCHED items it may match
   * (a billing feed that came in before it) are judged again by the
   * attribution worker. Should the queue be away, the reconciliation sweep
   * finds those items itself: the credit stands either way.
   */
  private async agreementRecorded(agreementId: string): Promise<void> {
    await this.jobs.enqueue('reconciliation.agreement-recorded', { agreementId }).catch((error: Error) => {
      this.logger.warn(`UNMATCHED items of agreement ${agreementId} left to the reconciliation sweep: ${error.message}`);
    });
  }

  findAgreement(id: string) {
    return this.prisma.agreement.findUnique({ where: { id } });
  }

  async markProcessed(eventId: string, outcome: string): Promise<void> {
    await this.prisma.marketplaceEvent.updateMany({
      where: { id: eventId, processedAt: null },
      data: { processedAt: new Date(), outcome },
    });
  }

  /**
   * The customer's other agreements for the same cloud product, each with its
   * start and whether a new-logo kicker was paid on it. A lock per customer
   * and product makes two first credits of that pair take turns, so the
   * second sees the first's agreement and kicker and one new logo is never
   * paid twice; it is taken after the agreement's own lock, always in that
   * order, so two transactions cannot wait on each other.
   */
  private async otherAgreementsForProduct(
    tx: Prisma.TransactionClient,
    agreement: { id: string; cloud: Cloud; customerId: string | null; productId: string },
  ): Promise<EarlierAgreementFact[]> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`new-logo:${agreement.cloud}:${agreement.customerId}:${agreement.productId}`}))`;
    const rows = await tx.agreement.findMany({
      where: { cloud: agreement.cloud, customerId: agreement.customerId, productId: agreement.productId, id: { not: agreement.id } },
      select: {
        marketplaceAgreementId: true,
        startsAt: true,
        acceptedAt: true,
        credits: { where: { kicker: 'NEW_LOGO' }, select: { id: true }, take: 1 },
      },
    });
    return rows.map((row) => ({
      agreementId: row.marketplaceAgreementId,
      startsAt: row.startsAt ?? row.acceptedAt,
      newLogoPaid: row.credits.length > 0,
    }));
  }

  /** The ledger of one agreement, summed per partner and rule (with the share each was given). */
  private async creditedLines(tx: Prisma.TransactionClient, agreementId: string) {
    const groups = await tx.partnerCredit.groupBy({
      by: ['partnerId', 'ruleId', 'engagement', 'shareBps', 'kicker'],
      where: { agreementId },
      _sum: { amountMinor: true },
      _count: { _all: true },
      _min: { createdAt: true },
      orderBy: { _min: { createdAt: 'asc' } },
    });
    const rowCounts = new Map<string, number>();
    for (const g of groups) rowCounts.set(`${g.partnerId}:${g.ruleId}`, (rowCounts.get(`${g.partnerId}:${g.ruleId}`) ?? 0) + g._count._all);
    const credited: CreditLine[] = groups.map((g) => ({
      partnerId: g.partnerId,
      ruleId: g.ruleId,
      engagement: g.engagement,
      shareBps: g.shareBps,
      kicker: (g.kicker ?? undefined) as CreditLine['kicker'],
      amountMinor: g._sum.amountMinor ?? 0n,
      reason: 'credited so far',
    }));
    return { credited, rowCounts };
  }
}

/** The partner who drove a purchase: the largest non-kicker share, sourced first. */
function leadPartner(lines: CreditLine[]): string | null {
  const candidates = lines.filter((l) => !l.kicker && l.amountMinor !== 0n);
  candidates.sort((a, b) => (a.engagement === b.engagement ? b.shareBps - a.shareBps : a.engagement === 'SOURCED' ? -1 : 1));
  return candidates[0]?.partnerId ?? null;
}

/** Loads an agreement row as the crediting flow needs it (re-credit after a conflict is settled). */
export type StoredAgreement = NonNullable<Awaited<ReturnType<AgreementCreditRepository['findAgreement']>>>;

function sourceOf(line: CreditLine, credited: CreditLine[]): CreditSource {
  if (line.kicker) return 'KICKER';
  if (credited.length === 0) return 'PURCHASE';
  return line.amountMinor < 0n ? 'CANCELLATION' : 'AMENDMENT';
}
