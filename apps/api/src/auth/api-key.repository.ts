import { Injectable } from '@nestjs/common';
import { PrismaService, type ApiRole, type Prisma } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  findActiveByHash(keyHash: string) {
    return this.prisma.apiKey.findFirst({ where: { keyHash, revokedAt: null } });
  }

  create(
    input: { name: string; keyHash: string; prefix: string; role: ApiRole; partnerId: string | null },
    client: Prisma.TransactionClient = this.prisma,
  ) {
    return client.apiKey.create({ data: input });
  }

  /**
   * Stores the bootstrap key on its first start, and never touches it again:
   * a revocation is final even though the key is still in the configuration
   * (a leaked key revoked over the API must not come back at the next restart).
   */
  async ensureBootstrapAdmin(keyHash: string, prefix: string): Promise<{ revokedAt: Date | null }> {
    await this.prisma.apiKey.createMany({ data: [{ name: 'bootstrap admin', keyHash, prefix, role: 'ADMIN' }], skipDuplicates: true });
    return this.prisma.apiKey.findUniqueOrThrow({ where: { keyHash }, select: { revokedAt: true } });
  }

  /** Every key, newest first; the hash never leaves this file. */
  /** One page of keys; `page` from @bridge/pagination's findPage. */
  list(filter: { role?: ApiRole; partnerId?: string }, page: PageArgs) {
    return this.prisma.apiKey.findMany({
      where: { ...(filter.role ? { role: filter.role } : {}), ...(filter.partnerId ? { partnerId: filter.partnerId } : {}), ...page.after },
      select: { id: true, name: true, prefix: true, role: true, partnerId: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  /** Revokes once: a second revocation keeps the first time. Null when there is no such key. */
  async revoke(id: string, at: Date, client: Prisma.TransactionClient = this.prisma) {
    await client.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return client.apiKey.findUnique({
      where: { id },
      select: { id: true, name: true, prefix: true, role: true, partnerId: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
  }

  /** Notes a use; a key deleted meanwhile has nothing to note. */
  touch(id: string, at: Date) {
    return this.prisma.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
