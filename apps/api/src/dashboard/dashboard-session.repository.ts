import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type ApiRole } from '@bridge/database';
import { PgPool } from '@bridge/postgres';

@Injectable()
export class DashboardSessionRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPool,
  ) {}

  create(input: { tokenHash: string; apiKeyId: string; csrfToken: string; clientAddress: string; expiresAt: Date }) {
    return this.prisma.dashboardSession.create({ data: input, select: { id: true } });
  }

  /**
   * A session that has neither expired nor been revoked, with its key if
   * that key is not revoked either. Every dashboard page reads it: one
   * statement, by the token's unique index, straight on the pool.
   */
  async findLive(tokenHash: string, now: Date) {
    const rows = await this.pg.rows<{
      csrfToken: string;
      id: string;
      name: string;
      prefix: string;
      role: ApiRole;
      partnerId: string | null;
    }>(
      Prisma.sql`
      SELECT s.csrf_token AS "csrfToken", k.id, k.name, k.prefix, k.role::text AS role, k.partner_id AS "partnerId"
        FROM dashboard_session s JOIN api_key k ON k.id = s.api_key_id
       WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > ${now.toISOString()}::timestamp AND k.revoked_at IS NULL`,
    );
    const [row] = rows;
    return row
      ? { csrfToken: row.csrfToken, apiKey: { id: row.id, name: row.name, prefix: row.prefix, role: row.role, partnerId: row.partnerId } }
      : null;
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
