import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { AuthModule } from '../auth/auth.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { MdfModule } from '../mdf/mdf.module';
import { CustomerSuccessModule } from '../customer-success/customer-success.module';
import { PartnersModule } from '../partners/partners.module';
import { UsageModule } from '../usage/usage.module';
import { DashboardCsv } from './dashboard-csv.service';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardSessionRepository } from './dashboard-session.repository';
import { DashboardSession } from './dashboard-session.service';
import { DashboardViews } from './dashboard-view.service';
import { MdfDashboardView } from './mdf-view.service';

@Module({
  imports: [AuthModule, PartnersModule, CommitmentsModule, UsageModule, MdfModule, CustomerSuccessModule],
  controllers: [DashboardController],
  providers: [DashboardRepository, DashboardSessionRepository, DashboardSession, DashboardViews, DashboardCsv, MdfDashboardView],
  exports: [DashboardSession],
})
export class DashboardModule implements NestModule {
  /** The sign-in and sign-out forms post application/x-www-form-urlencoded; the API's own parser is JSON only. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '4kb' }))
      .forRoutes({ path: 'dashboard/sign-in', method: RequestMethod.POST }, { path: 'dashboard/sign-out', method: RequestMethod.POST });
  }
}
