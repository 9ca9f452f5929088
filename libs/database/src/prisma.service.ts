import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PgPool } from '@bridge/postgres';
import { PrismaClient } from './generated/prisma/client';

/**
 * The one Prisma client of a process, on the pg driver adapter (no query
 * engine binary) over the process's one pg pool. Only repositories use it;
 * services never see Prisma.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(pg: PgPool) {
    // The pool is PgPool's to end, after this client has disconnected.
    super({ adapter: new PrismaPg(pg.pool) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
