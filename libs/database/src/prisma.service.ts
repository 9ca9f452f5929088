import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { PrismaClient } from './generated/prisma/client';

/**
 * The one Prisma client of a process, on the pg driver adapter (no query
 * engine binary). Only repositories use it; services never see Prisma.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
