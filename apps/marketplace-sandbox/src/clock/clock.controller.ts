import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../core/zod-body.pipe';
import { ClockService } from './clock.service';

const clockRequest = z.union([
  z.object({ now: z.iso.datetime({ offset: true }), running: z.boolean().optional() }).strict(),
  z.object({ advanceSeconds: z.number().finite() }).strict(),
  z.object({ real: z.literal(true) }).strict(),
]);

@Controller('_sandbox/clock')
export class ClockController {
  constructor(private readonly clock: ClockService) {}

  @Get()
  get() {
    return this.clock.describe();
  }

  @Post()
  @HttpCode(200)
  set(@Body() body: unknown) {
    const request = parseBody(clockRequest, body);
    if ('now' in request) this.clock.set(new Date(request.now), request.running ?? false);
    else if ('advanceSeconds' in request) this.clock.advance(request.advanceSeconds);
    else this.clock.reset();
    return this.clock.describe();
  }
}
