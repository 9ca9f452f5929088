import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../core/zod-body.pipe';
import { EventDeliveryService } from './event-delivery.service';

const configRequest = z
  .object({
    enabled: z.boolean(),
    targetUrl: z.url(),
    maxAttempts: z.number().int().min(1).max(20),
    baseDelayMs: z.number().int().min(0).max(60_000),
  })
  .partial()
  .strict();

@Controller('_sandbox/events')
export class EventsController {
  constructor(private readonly delivery: EventDeliveryService) {}

  @Get()
  list(@Query('status') status?: string, @Query('channel') channel?: string, @Query('kind') kind?: string) {
    return { events: this.delivery.list({ status, channel, kind }) };
  }

  @Get('config')
  getConfig() {
    return this.delivery.getConfig();
  }

  @Post('config')
  @HttpCode(200)
  configure(@Body() body: unknown) {
    return this.delivery.configure(parseBody(configRequest, body));
  }

  @Get(':id')
  get(@Param('id') id: string) {
    const event = this.delivery.find(id);
    if (!event) throw new NotFoundException(`No event ${id}`);
    return event;
  }

  @Post(':id/redeliver')
  @HttpCode(200)
  async redeliver(@Param('id') id: string) {
    const event = this.delivery.find(id);
    if (!event) throw new NotFoundException(`No event ${id}`);
    return this.delivery.redeliver(event);
  }
}
