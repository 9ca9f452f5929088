import { Module } from '@nestjs/common';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsController } from './metrics.controller';
import { OpsMetricsRepository } from './ops-metrics.repository';
import { OpsMetrics } from './ops-metrics.service';

/** /metrics for Prometheus; Bull Board is mounted on the HTTP server by bootstrapApi (see bull-board.mount.ts). */
@Module({ controllers: [MetricsController], providers: [OpsMetricsRepository, OpsMetrics, MetricsTokenGuard] })
export class OpsModule {}
