import { Module } from '@nestjs/common';
import { ConflictSettlement } from './conflict-settlement.service';
import { EngagementController } from './engagement.controller';

@Module({ controllers: [EngagementController], providers: [ConflictSettlement] })
export class EngagementModule {}
