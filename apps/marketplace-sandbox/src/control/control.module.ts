import { Module } from '@nestjs/common';
import { ClockController } from '../clock/clock.controller';
import { EventsController } from '../events/events.controller';
import { FaultsController } from '../faults/faults.controller';
import { LedgerController } from '../ledger/ledger.controller';
import { SnsController } from '../notifications/sns.controller';
import { ResetController } from './reset.controller';

/** The `/_sandbox/*` routes tests use to drive and inspect the sandbox. */
@Module({
  controllers: [ResetController, ClockController, FaultsController, EventsController, LedgerController, SnsController],
})
export class ControlModule {}
