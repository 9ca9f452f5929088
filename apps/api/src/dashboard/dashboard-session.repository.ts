import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';

@Injectable()
export class DashboardSessionRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: { tokenHash: string; apiKeyId: string; csrfToken: string; clientAddress: string; expiresAt: Date }) {
    return this.prisma.dashboardSession.create({ data: input, select: { id: true } });
  }

  /** A session that has neither expired nor been revoked, with its key if that key is not revoked either. */
  findLive(tokenHash: string, now: Date) {
    return this.prisma.dashboardSession.findFirst({
      where: { tokenHash, revokedAt: null, expiresAt: { gt: now }, apiKey: { revokedAt: null } },
      select: { csrfToken: true, apiKey: { select: { id: true, name: true, prefix: true, role: true, partnerId: true } } },
    });
  }

  /** Ends the session; true when there was a live one to end. */
  async revoke(tokenHash: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.dashboardSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: now } });
    return count > 0;
  }

  /** Sessions ended or expired over a day ago are of no further use; removed as new ones start, so the table stays small. */
  deleteStale(now: Date) {
    const dayAgo = new Date(now.getTime() - 86_400_000);
    return this.prisma.dashboardSession.deleteMany({ where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] } });
  }
}
