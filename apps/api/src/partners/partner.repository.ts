import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';
import type { CreatePartnerInput } from './partner.schemas';

/**
 * Partner-owned data is always read through a scope: `null` for staff, a
 * partner id for a partner's key. A query cannot be written without one.
 */
@Injectable()
export class PartnerRepository {
  constructor(private readonly prisma: PrismaService) {}

  createPartner(input: CreatePartnerInput) {
    return this.prisma.partner.create({
      data: { name: input.name, persona: input.persona, tier: input.tier, cloudAccounts: { create: input.cloudAccounts } },
      include: { cloudAccounts: { select: { cloud: true, accountId: true } } },
    });
  }

  listPartners(scope: string | null) {
    return this.prisma.partner.findMany({
      where: scope ? { id: scope } : {},
      include: { cloudAccounts: { select: { cloud: true, accountId: true } } },
      orderBy: { name: 'asc' },
    });
  }

  findPartner(scope: string | null, id: string) {
    if (scope && scope !== id) return Promise.resolve(null);
    return this.prisma.partner.findUnique({ where: { id }, include: { cloudAccounts: { select: { cloud: true, accountId: true } } } });
  }

  async credits(scope: string | null, partnerId: string) {
    if (scope && scope !== partnerId) return null;
    const [entries, totals] = await Promise.all([
      this.prisma.partnerCredit.findMany({
        where: { partnerId },
        orderBy: [{ occurredAt: 'asc' }, { createdAt: 'asc' }],
        include: { agreement: { select: { marketplaceAgreementId: true, cloud: true } } },
      }),
      this.prisma.partnerCredit.groupBy({
        by: ['currency', 'engagement'],
        where: { partnerId },
        _sum: { amountMinor: true },
      }),
    ]);
    return { entries, totals };
  }
}
