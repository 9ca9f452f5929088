import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresModule } from '@bridge/postgres';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { ReconciliationModule } from './reconciliation.module';

/**
 * The engine on its own, for the import CLI and the benchmark: it matches
 * inline, so neither Prisma nor the queue client is loaded.
 */
@Module({})
export class ReconciliationStandaloneModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ReconciliationStandaloneModule, imports: [ConfigModule.forRoot(config), PostgresModule, ReconciliationModule] };
  }
}
