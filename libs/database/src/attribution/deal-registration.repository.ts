import { Injectable } from '@nestjs/common';
import type { Engagement, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface NewDealRegistration {
  partnerId: string;
  customerId: string;
  listingId: string | null;
  engagement: Engagement;
  estimatedValueMinor: bigint;
  currency: string;
  expiresAt: Date;
  isNewLogo: boolean;
  isLegacyMigration: boolean;
}

/** Deal registrations, always read through a partner scope (null = staff). */
@Injectable()
export class DealRegistrationRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: NewDealRegistration, client: Prisma.TransactionClient = this.prisma) {
    return client.dealRegistration.create({ data: input });
  }

  find(scope: string | null, id: string) {
    return this.prisma.dealRegistration.findFirst({ where: { id, ...(scope ? { partnerId: scope } : {}) } });
  }

  /** Decides a pending registration; answers null if it was not pending (already decided or expired). */
  async decide(
    id: string,
    status: 'APPROVED' | 'REJECTED',
    actor: string,
    reason: string | null,
    at: Date,
    client: Prisma.TransactionClient = this.prisma,
  ) {
    const { count } = await client.dealRegistration.updateMany({
      where: { id, status: 'PENDING', expiresAt: { gt: at } },
      data: { status, decidedAt: at, decidedBy: actor, decisionReason: reason },
    });
    return count ? client.dealRegistration.findUnique({ where: { id } }) : null;
  }

  expireDue(at: Date) {
    return this.prisma.dealRegistration.updateMany({
      where: { status: { in: ['PENDING', 'APPROVED'] }, expiresAt: { lte: at } },
      data: { status: 'EXPIRED' },
    });
  }

  /** Which of a registration's references exist (a missing listing id counts as present). */
  async whichExist(partnerId: string, customerId: string, listingId: string | null) {
    const [partner, customer, listing] = await Promise.all([
      this.prisma.partner.count({ where: { id: partnerId } }),
      this.prisma.customer.count({ where: { id: customerId } }),
      listingId ? this.prisma.listing.count({ where: { id: listingId } }) : Promise.resolve(1),
    ]);
    return { partner: partner > 0, customer: customer > 0, listing: listing > 0 };
  }

  /** Everything the rules need to judge a customer: its registrations (approved or lapsed) and whether it is strategic. */
  async customerFacts(customerId: string) {
    const [customer, registrations] = await Promise.all([
      this.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true, strategic: true } }),
      this.prisma.dealRegistration.findMany({ where: { customerId, status: { in: ['APPROVED', 'EXPIRED'] } } }),
    ]);
    return { customer, registrations };
  }
}
