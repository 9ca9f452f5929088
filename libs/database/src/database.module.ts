import { Global, Module } from '@nestjs/common';
import { PostgresModule } from '@bridge/postgres';
import { AgreementRecreditOutbox } from './attribution/agreement-recredit.outbox';
import { AttributionConflictRepository } from './attribution/attribution-conflict.repository';
import { DealRegistrationRepository } from './attribution/deal-registration.repository';
import { EngagementRulesRepository } from './attribution/engagement-rules.repository';
import { MarketplaceEventInbox } from './inbox/marketplace-event-inbox.repository';
import { RevenueEventInbox } from './inbox/revenue-event-inbox.repository';
import { MeteringFinalWindow } from './metering/metering-final-window.repository';
import { PrismaService } from './prisma.service';

/** Repositories more than one app needs; the rest live with their app. */
const sharedRepositories = [
  MarketplaceEventInbox,
  RevenueEventInbox,
  EngagementRulesRepository,
  DealRegistrationRepository,
  AttributionConflictRepository,
  AgreementRecreditOutbox,
  MeteringFinalWindow,
];

@Global()
@Module({ imports: [PostgresModule], providers: [PrismaService, ...sharedRepositories], exports: [PrismaService, ...sharedRepositories] })
export class DatabaseModule {}
