import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PrismaService } from '@bridge/database';
import { RedisHealth } from '@bridge/queues';
import { Public } from '../auth/auth.decorators';
import { Responds } from '../http/responds.decorator';
import { livenessView, readinessView } from './health.schemas';
import { type z } from 'zod';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisHealth,
  ) {}

  /** Ready only when PostgreSQL and Redis both answer. */
  @Get('health')
  @Public()
  @Responds(200, readinessView, 'Ready: PostgreSQL and Redis both answer')
  @Responds(503, readinessView, 'Not ready: the check that failed is `down`')
  async health(@Res() response: Response): Promise<void> {
    const [database, redis] = await Promise.all([
      this.prisma.$queryRaw`SELECT 1`.then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.redis.ping().then((ok) => (ok ? ('up' as const) : ('down' as const))),
    ]);
    const healthy = database === 'up' && redis === 'up';
    response
      .status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: healthy ? 'ok' : 'unavailable', checks: { database, redis } });
  }

  /** Liveness: the process answers; dependencies are the readiness check's business. */
  @Get('health/live')
  @Public()
  @Responds(200, livenessView, 'The process answers')
  live(): z.output<typeof livenessView> {
    return { status: 'ok' };
  }
}
