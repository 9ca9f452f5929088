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

  touch(id: string, at: Date) {
    return this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
