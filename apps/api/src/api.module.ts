import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, type AppConfig } from '@bridge/config';
import { DatabaseModule } from '@bridge/database';
import { QueuesModule } from '@bridge/queues';
import { AuthModule } from './auth/auth.module';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { PartnersModule } from './partners/partners.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueuesModule, AuthModule, WebhooksModule, PartnersModule],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
