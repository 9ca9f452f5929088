import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../core/zod-body.pipe';
import { FaultInjector } from './fault-injector.service';
import { FAULT_KINDS } from './fault.types';

const armRequest = z.object({
  operation: z.string().min(1),
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).default(1),
  delayMs: z.number().int().min(0).max(120_000).optional(),
});

@Controller('_sandbox/faults')
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

  @Post()
  @HttpCode(201)
  arm(@Body() body: unknown) {
    const r = parseBody(armRequest, body);
    return this.faults.arm(r.operation, r.kind, r.count, r.delayMs);
  }

  @Get()
  list() {
    return { faults: this.faults.list() };
  }

  @Delete()
  @HttpCode(204)
  clear() {
    this.faults.reset();
  }
}
