import { Global, Module } from '@nestjs/common';
import { PgPool } from './pg.pool';

/** The process's one pg pool, without Prisma: light enough for the reconciliation CLI and benchmarks. */
@Global()
@Module({ providers: [PgPool], exports: [PgPool] })
export class PostgresModule {}
