import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { urlencoded } from 'express';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AuthModule } from '../auth/auth.module';
import { CustomersModule } from '../customers/customers.module';
import { MdfModule } from '../mdf/mdf.module';
import { CustomerSuccessModule } from '../customer-success/customer-success.module';
import { PartnersModule } from '../partners/partners.module';
import { UsageModule } from '../usage/usage.module';
import { CommitmentPageRepository } from './commitment-page.repository';
import { DashboardCaller } from './dashboard-caller.service';
import { DashboardCsv } from './dashboard-csv.service';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardSessionRepository } from './dashboard-session.repository';
import { DashboardSession } from './dashboard-session.service';
import { DashboardViews } from './dashboard-view.service';
import { MdfDashboardController } from './mdf-dashboard.controller';
import { MdfDashboardView } from './mdf-view.service';
import { OverviewRepository } from './overview.repository';

@Module({
  imports: [
    AuthModule,
    PartnersModule,
    UsageModule,
    MdfModule,
    CustomerSuccessModule,
    CustomersModule,
    // The claim forms' proof: one file, in memory, no larger than the API's own upload accepts.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.MDF_ATTACHMENT_MAX_BYTES, files: 1, fields: 20, fieldSize: 16_384 },
      }),
    }),
  ],
  controllers: [DashboardController, MdfDashboardController],
  providers: [
    CommitmentPageRepository,
    DashboardRepository,
    DashboardSessionRepository,
    DashboardSession,
    DashboardCaller,
    DashboardViews,
    DashboardCsv,
    MdfDashboardView,
    OverviewRepository,
  ],
  exports: [DashboardSession],
})
export class DashboardModule implements NestModule {
  /**
   * The dashboard's forms post application/x-www-form-urlencoded; the API's
   * own parser is JSON only. The MDF forms carry an activity's plan (at most
   * 10,000 characters, up to three times that encoded). The claim forms post
   * multipart/form-data, read by their routes' file interceptor.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '4kb' }))
      .forRoutes({ path: 'dashboard/sign-in', method: RequestMethod.POST }, { path: 'dashboard/sign-out', method: RequestMethod.POST });
    consumer
      .apply(urlencoded({ extended: false, limit: '64kb' }))
      .forRoutes(
        { path: 'dashboard/mdf/requests', method: RequestMethod.POST },
        { path: 'dashboard/mdf/requests/:id/decision', method: RequestMethod.POST },
        { path: 'dashboard/mdf/requests/:id/claim/decision', method: RequestMethod.POST },
        { path: 'dashboard/mdf/requests/:id/claim/pay', method: RequestMethod.POST },
      );
  }
}
