import { Injectable } from '@nestjs/common';
import { PrismaService, type CertificationKind, type DealStatus, type Engagement, type PartnerPersona } from '@bridge/database';
import { trailingYearSpan } from '@bridge/domain';

/** What partner health reads: the ledger, registrations, certifications and competencies of one partner. */
@Injectable()
export class PartnerHealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Revenue comes from the monthly credit rollup (a row per month, currency,
   * engagement, source and kicker-or-not, kept in step with the ledger by its
   * triggers). The trailing year's PAR is the rollup's whole months and the
   * ledger's lines of the two part months at its ends (the partner's
   * (partner, occurred_at) index), and a registration's win is looked up only
   * for the customers the partner registered: none of them reads more lines
   * as the partner's history grows. All raw statements: this read is one of
   * the most frequent, and a statement Prisma need not compile costs less.
   */
  async facts(partnerId: string, asOf: Date) {
    const span = trailingYearSpan(asOf);
    const [partner, credits, trailingPar, registrations, certifications, competencies] = await Promise.all([
      this.prisma.$queryRaw<{ id: string; name: string; tier: string | null; persona: PartnerPersona }[]>`
        SELECT id, name, tier, persona::text AS persona FROM partner WHERE id = ${partnerId}::uuid`,
      this.prisma.$queryRaw<
        { month: Date; currency: string; engagement: 'SOURCED' | 'INFLUENCED'; is_kicker: boolean; amount_minor: bigint }[]
      >`
        SELECT month, currency, engagement::text AS engagement, is_kicker, amount_minor
          FROM partner_credit_month_live WHERE partner_id = ${partnerId}::uuid ORDER BY month`,
      this.prisma.$queryRaw<{ usd_minor: bigint }[]>`
        SELECT (COALESCE((SELECT sum(amount_minor) FROM partner_credit_month_live
                           WHERE partner_id = ${partnerId}::uuid AND month >= ${iso(span.wholeMonthsFrom)}::date AND month < ${iso(span.wholeMonthsTo)}::date
                             AND NOT is_kicker AND engagement = 'SOURCED' AND currency = 'USD'), 0)
              + COALESCE((SELECT sum(amount_minor) FROM partner_credit
                           WHERE partner_id = ${partnerId}::uuid AND kicker IS NULL AND engagement = 'SOURCED' AND currency = 'USD'
                             AND ((occurred_at > ${iso(span.after)}::timestamp AND occurred_at < ${iso(span.wholeMonthsFrom)}::timestamp)
                               OR (occurred_at >= ${iso(span.wholeMonthsTo)}::timestamp AND occurred_at <= ${iso(span.upTo)}::timestamp))), 0))::bigint AS usd_minor`,
      this.prisma.$queryRaw<
        {
          id: string;
          partnerId: string;
          customerId: string;
          listingId: string | null;
          engagement: Engagement;
          status: DealStatus;
          registeredAt: Date;
          decidedAt: Date | null;
          expiresAt: Date;
        }[]
      >`
        SELECT id, partner_id AS "partnerId", customer_id AS "customerId", listing_id AS "listingId", engagement::text AS engagement, status::text AS status,
               registered_at AS "registeredAt", decided_at AS "decidedAt", expires_at AS "expiresAt"
          FROM deal_registration WHERE partner_id = ${partnerId}::uuid`,
      this.prisma.$queryRaw<{ kind: CertificationKind; expiresAt: Date }[]>`
        SELECT kind::text AS kind, expires_at AS "expiresAt" FROM partner_certification WHERE partner_id = ${partnerId}::uuid`,
      this.prisma.$queryRaw<{ name: string }[]>`SELECT name FROM partner_competency WHERE partner_id = ${partnerId}::uuid`,
    ]);
    const customers = [...new Set(registrations.map((r) => r.customerId))];
    return {
      partner: partner[0] ?? null,
      credits,
      trailingParMinor: trailingPar[0]?.usd_minor ?? 0n,
      registrations,
      certifications,
      competencies,
      firstCreditPerCustomer: await this.firstCredits(partnerId, customers),
    };
  }

  /** When the partner was first credited (a positive line) on an agreement of each of these customers. */
  private firstCredits(partnerId: string, customers: string[]) {
    if (customers.length === 0) return Promise.resolve([]);
    return this.prisma.$queryRaw<{ customer_id: string; first_at: Date }[]>`
      SELECT a.customer_id, min(c.occurred_at) AS first_at
        FROM agreement a JOIN partner_credit c ON c.agreement_id = a.id
       WHERE a.customer_id = ANY (${customers}::uuid[]) AND c.partner_id = ${partnerId}::uuid AND c.amount_minor > 0
       GROUP BY a.customer_id`;
  }

  addCertification(partnerId: string, input: { kind: CertificationKind; name: string; expiresAt: Date }) {
    return this.prisma.partnerCertification.create({ data: { partnerId, ...input } });
  }

  addCompetency(partnerId: string, name: string) {
    return this.prisma.partnerCompetency.upsert({
      where: { partnerId_name: { partnerId, name } },
      create: { partnerId, name },
      update: {},
    });
  }
}

/** Timestamps are bound as UTC text (the columns hold UTC without a zone). */
const iso = (at: Date) => at.toISOString();
