import { Module } from '@nestjs/common';
import { RevenueEventsController } from './revenue-events.controller';

@Module({ controllers: [RevenueEventsController] })
export class RevenueEventsModule {}
