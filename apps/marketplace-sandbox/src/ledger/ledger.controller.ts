import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { StatsService } from '../core/stats.service';
import type { Cloud } from './ledger.types';
import { UsageLedgerService } from './usage-ledger.service';

@Controller('_sandbox')
export class LedgerController {
  constructor(
    private readonly ledger: UsageLedgerService,
    private readonly stats: StatsService,
  ) {}

  @Get('ledger')
  list(@Query('cloud') cloud?: string) {
    if (cloud !== undefined && cloud !== 'aws' && cloud !== 'azure') throw new BadRequestException('cloud must be aws or azure');
    const entries = this.ledger.list(cloud as Cloud | undefined);
    return { entries, totalQuantity: entries.reduce((sum, e) => sum + e.quantity, 0) };
  }

  @Get('stats')
  snapshot() {
    return this.stats.snapshot();
  }
}
