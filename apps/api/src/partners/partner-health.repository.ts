import { Injectable } from '@nestjs/common';
import { PrismaService, type CertificationKind } from '@bridge/database';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** What partner health reads: the ledger, registrations, certifications and competencies of one partner. */
@Injectable()
export class PartnerHealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Revenue comes from the monthly credit rollup (a row per month, currency,
   * engagement, source and kicker-or-not, kept in step with the ledger by its
   * triggers); the trailing year's PAR from the ledger's (partner, occurred_at)
   * index, a year of one partner's lines at most.
   */
  async facts(partnerId: string, asOf: Date) {
    const yearAgo = new Date(asOf.getTime() - YEAR_MS);
    const [partner, credits, trailingPar, registrations, certifications, competencies, firstCreditPerCustomer] = await Promise.all([
      this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true, name: true, tier: true, persona: true } }),
      this.prisma.$queryRaw<
        { month: Date; currency: string; engagement: 'SOURCED' | 'INFLUENCED'; is_kicker: boolean; amount_minor: bigint }[]
      >`
        SELECT month, currency, engagement::text AS engagement, is_kicker, amount_minor
          FROM partner_credit_month_live WHERE partner_id = ${partnerId}::uuid ORDER BY month`,
      this.prisma.$queryRaw<{ usd_minor: bigint }[]>`
        SELECT COALESCE(sum(amount_minor), 0)::bigint AS usd_minor FROM partner_credit
         WHERE partner_id = ${partnerId}::uuid AND occurred_at > ${yearAgo.toISOString()}::timestamp AND occurred_at <= ${asOf.toISOString()}::timestamp
           AND kicker IS NULL AND engagement = 'SOURCED' AND currency = 'USD'`,
      this.prisma.dealRegistration.findMany({ where: { partnerId } }),
      this.prisma.partnerCertification.findMany({ where: { partnerId } }),
      this.prisma.partnerCompetency.findMany({ where: { partnerId }, select: { name: true } }),
      this.prisma.$queryRaw<{ customer_id: string; first_at: Date }[]>`
        SELECT a.customer_id, min(c.occurred_at) AS first_at
        FROM partner_credit c JOIN agreement a ON a.id = c.agreement_id
        WHERE c.partner_id = ${partnerId}::uuid AND c.amount_minor > 0 AND a.customer_id IS NOT NULL
        GROUP BY a.customer_id`,
    ]);
    return {
      partner,
      credits,
      trailingParMinor: trailingPar[0]?.usd_minor ?? 0n,
      registrations,
      certifications,
      competencies,
      firstCreditPerCustomer,
    };
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
