import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StatsService } from '../../core/stats.service';
import { EntraTokenStore } from '../entra/entra-token.store';
import { FaultInjector } from '../../faults/fault-injector.service';
import { azureError, checkAzureRequest } from '../azure-request.guard';
import { AZURE_BATCH_LIMIT, AzureMeteringService } from './azure-metering.service';

/** Azure Marketplace Metering Service API. */
@Controller('api')
export class AzureMeteringController {
  constructor(
    private readonly metering: AzureMeteringService,
    private readonly faults: FaultInjector,
    private readonly tokens: EntraTokenStore,
    private readonly stats: StatsService,
  ) {}

  /** One event: 200 when accepted, 409 with the original on a duplicate, 400 otherwise. */
  @Post('usageEvent')
  async usageEvent(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    await checkAzureRequest(req, 'azure.usageEvent', this.faults, this.tokens);
    const result = this.metering.submit(body);
    this.stats.countCall('azure.usageEvent', result.status);
    if (result.status === 'Accepted') return res.status(200).json(result.body);
    const error = result.body.error as Record<string, unknown>;
    if (result.status === 'Duplicate') return res.status(409).json(error);
    return res.status(400).json({ ...error, details: [{ message: error.message, target: error.target, code: result.status }] });
  }

  @Post('batchUsageEvent')
  @HttpCode(200)
  async batch(@Req() req: Request, @Body() body: { request?: unknown }) {
    await checkAzureRequest(req, 'azure.batchUsageEvent', this.faults, this.tokens);
    const events = body?.request;
    if (!Array.isArray(events) || events.length < 1 || events.length > AZURE_BATCH_LIMIT) {
      this.stats.countCall('azure.batchUsageEvent', 'BadArgument');
      throw azureError(400, 'BadArgument', `request must hold 1 to ${AZURE_BATCH_LIMIT} usage events`, { target: 'request' });
    }
    const result = events.map((e) => this.metering.submit(e as Record<string, unknown>).body);
    this.stats.countCall('azure.batchUsageEvent', 'Success');
    return { result, count: result.length };
  }
}
