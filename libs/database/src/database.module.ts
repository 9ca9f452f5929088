import { Global, Module } from '@nestjs/common';
import { MarketplaceEventInbox } from './inbox/marketplace-event-inbox.repository';
import { PrismaService } from './prisma.service';

@Global()
@Module({ providers: [PrismaService, MarketplaceEventInbox], exports: [PrismaService, MarketplaceEventInbox] })
export class DatabaseModule {}
