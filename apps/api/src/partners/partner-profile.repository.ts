import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@bridge/database';

/** A partner's tier and certifications, changed only inside the caller's transaction (with its audit entry). */
@Injectable()
export class PartnerProfileRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(body: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(body);
  }

  setTier(id: string, tier: string, tx: Prisma.TransactionClient) {
    return tx.partner.update({ where: { id }, data: { tier }, select: { id: true, name: true, tier: true } });
  }

  certifications(partnerId: string) {
    return this.prisma.partnerCertification.findMany({ where: { partnerId }, orderBy: [{ expiresAt: 'desc' }, { id: 'asc' }] });
  }

  certification(partnerId: string, id: string, tx: Prisma.TransactionClient) {
    return tx.partnerCertification.findFirst({ where: { id, partnerId } });
  }

  expireCertification(id: string, at: Date, tx: Prisma.TransactionClient) {
    return tx.partnerCertification.update({ where: { id }, data: { expiresAt: at } });
  }

  removeCertification(id: string, tx: Prisma.TransactionClient) {
    return tx.partnerCertification.delete({ where: { id } });
  }
}
