import { Injectable } from '@nestjs/common';
import { PrismaService, type ApiRole } from '@bridge/database';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  findActiveByHash(keyHash: string) {
    return this.prisma.apiKey.findFirst({ where: { keyHash, revokedAt: null } });
  }

  create(input: { name: string; keyHash: string; prefix: string; role: ApiRole; partnerId: string | null }) {
    return this.prisma.apiKey.create({ data: input });
  }

  /** Idempotent: the bootstrap key is re-asserted at every start. */
  upsertBootstrapAdmin(keyHash: string, prefix: string) {
    return this.prisma.apiKey.upsert({
      where: { keyHash },
      create: { name: 'bootstrap admin', keyHash, prefix, role: 'ADMIN' },
      update: { revokedAt: null, role: 'ADMIN' },
    });
  }

  /** Every key, newest first; the hash never leaves this file. */
  list() {
    return this.prisma.apiKey.findMany({
      select: { id: true, name: true, prefix: true, role: true, partnerId: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      orderBy: { createdAt: 'desc' },
      take: 10_000,
    });
  }

  /** Revokes once: a second revocation keeps the first time. Null when there is no such key. */
  async revoke(id: string, at: Date) {
    await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.prisma.apiKey.findUnique({
      where: { id },
      select: { id: true, name: true, prefix: true, role: true, partnerId: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
  }

  touch(id: string, at: Date) {
    return this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
