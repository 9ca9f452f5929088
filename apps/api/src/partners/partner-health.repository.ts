import { Injectable } from '@nestjs/common';
import { PrismaService, type CertificationKind } from '@bridge/database';

/** What partner health reads: the ledger, registrations, certifications and competencies of one partner. */
@Injectable()
export class PartnerHealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async facts(partnerId: string) {
    const [partner, credits, registrations, certifications, competencies, firstCreditPerCustomer] = await Promise.all([
      this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true, name: true, tier: true, persona: true } }),
      this.prisma.partnerCredit.findMany({
        where: { partnerId },
        select: {
          partnerId: true,
          engagement: true,
          shareBps: true,
          amountMinor: true,
          reason: true,
          ruleId: true,
          kicker: true,
          occurredAt: true,
          currency: true,
        },
      }),
      this.prisma.dealRegistration.findMany({ where: { partnerId } }),
      this.prisma.partnerCertification.findMany({ where: { partnerId } }),
      this.prisma.partnerCompetency.findMany({ where: { partnerId }, select: { name: true } }),
      this.prisma.$queryRaw<{ customer_id: string; first_at: Date }[]>`
        SELECT a.customer_id, min(c.occurred_at) AS first_at
        FROM partner_credit c JOIN agreement a ON a.id = c.agreement_id
        WHERE c.partner_id = ${partnerId}::uuid AND c.amount_minor > 0 AND a.customer_id IS NOT NULL
        GROUP BY a.customer_id`,
    ]);
    return { partner, credits, registrations, certifications, competencies, firstCreditPerCustomer };
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
