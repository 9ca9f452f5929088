import { Body, Controller, HttpCode, HttpStatus, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { RevenueEventInbox } from '@bridge/database';
import { parseDecimalToMinor } from '@bridge/domain';
import { JobProducer } from '@bridge/queues';
import { Roles } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { revenueEventsSchema, type RevenueEventsInput, revenueEventsReceived } from './revenue-event.schemas';
import { Responds } from '../http/responds.decorator';
import { type z } from 'zod';

/**
 * Revenue the AWS agreement events do not carry: Azure and Google Cloud
 * purchases, refunds, backfills from a CRM. A request is validated whole
 * (any bad event refuses it, naming the field), stored durably in one
 * statement, and credited by the attribution bridge as one batch.
 */
@ApiTags('revenue events')
@ApiBearerAuth()
@Controller('v1/revenue-events')
export class RevenueEventsController {
  private readonly logger = new Logger(RevenueEventsController.name);

  constructor(
    private readonly inbox: RevenueEventInbox,
    private readonly jobs: JobProducer,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('ALLIANCE', 'FINANCE')
  @ApiBody({ schema: openApiSchema(revenueEventsSchema) })
  @Responds(202, revenueEventsReceived, 'The events are stored; crediting is queued')
  async receive(
    @Body(new ZodValidationPipe(revenueEventsSchema)) body: RevenueEventsInput,
  ): Promise<z.output<typeof revenueEventsReceived>> {
    const events = body.events.map((e, index) => {
      let amountMinor: bigint;
      try {
        amountMinor = parseDecimalToMinor(e.amount, e.currency);
      } catch (error) {
        throw ApiError.field(HttpStatus.BAD_REQUEST, `events.${index}.amount`, (error as Error).message);
      }
      return {
        externalId: e.eventId,
        kind: e.kind,
        cloud: e.cloud,
        customerAccountId: e.customerAccountId,
        productId: e.productId,
        resellerAccountId: e.resellerAccountId ?? null,
        amountMinor,
        currency: e.currency,
        occurredAt: e.occurredAt,
        invoiceDate: e.invoiceDate ?? e.occurredAt,
        activatedAt: e.activatedAt ?? null,
        reversesExternalId: e.reverses ?? null,
      };
    });
    const { stored, duplicates } = await this.inbox.receive(events);
    if (stored.length) {
      // Stored is durable: if the queue cannot take the batch now, the sweep queues it later.
      await this.jobs.enqueue('revenue-events.received', { eventIds: stored.map((s) => s.id) }).catch((error: Error) => {
        this.logger.warn(`${stored.length} revenue events stored; queueing deferred to the sweep: ${error.message}`);
      });
    }
    return { accepted: stored.length, duplicates };
  }
}
