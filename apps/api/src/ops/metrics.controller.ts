import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { MetricsTokenGuard } from './metrics-token.guard';
import { OpsMetrics } from './ops-metrics.service';
import { RespondsWith } from '../http/responds.decorator';

@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: OpsMetrics) {}

  /** Prometheus text format, for the bearer of METRICS_TOKEN (not an API key: see MetricsTokenGuard). */
  @Get('metrics')
  @Public()
  @UseGuards(MetricsTokenGuard)
  @ApiBearerAuth()
  @RespondsWith(200, 'text/plain', 'The metrics in the Prometheus text exposition format')
  async metricsText(@Res() res: Response) {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
