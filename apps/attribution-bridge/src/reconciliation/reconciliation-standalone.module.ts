import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { QueuesModule } from '@bridge/queues';
import { ReconciliationModule } from './reconciliation.module';

/** The engine on its own, without queue workers: for the import CLI and the benchmark. */
@Module({})
export class ReconciliationStandaloneModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ReconciliationStandaloneModule, imports: [ConfigModule.forRoot(config), DatabaseModule, QueuesModule, ReconciliationModule] };
  }
}
