import { Body, Controller, HttpCode, Logger, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { MarketplaceEventInbox } from '@bridge/database';
import {
  eventBridgeEnvelopeSchema,
  purchaseAgreementChangeOf,
  purchaseAgreementDetailSchema,
  type EventBridgeEnvelope,
} from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { EventBridgeSecretGuard } from './eventbridge-secret.guard';

/**
 * The target of an EventBridge API destination. It stores the event in the
 * inbox and answers at once; the attribution bridge does the work from a
 * queue. If the queue cannot take the job now, the event is still stored and
 * the inbox sweep queues it later, so the answer stays 202.
 */
@ApiTags('marketplace webhooks')
@Controller('webhooks/aws')
export class AwsEventBridgeController {
  private readonly logger = new Logger(AwsEventBridgeController.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
  ) {}

  @Post('eventbridge')
  @Public()
  @UseGuards(EventBridgeSecretGuard)
  @ApiSecurity('eventbridge-secret')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(eventBridgeEnvelopeSchema) })
  async receive(@Body(new ZodValidationPipe(eventBridgeEnvelopeSchema)) event: EventBridgeEnvelope) {
    if (purchaseAgreementChangeOf(event['detail-type'])) {
      const detail = purchaseAgreementDetailSchema.safeParse(event.detail);
      if (!detail.success) throw ApiError.validation(detail.error, 'detail');
    }
    const stored = await this.inbox.receive({
      cloud: 'AWS',
      externalId: event.id,
      source: event.source,
      detailType: event['detail-type'],
      payload: event as unknown as object,
    });
    // Queued on every delivery: the job id drops a repeat while the first job
    // lives, and a processed event is a no-op for the handler after that.
    await this.jobs.enqueue('marketplace-event.received', { eventId: stored.id }).catch((error: Error) => {
      this.logger.warn(`event ${event.id} stored; queueing deferred to the sweep: ${error.message}`);
    });
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate };
  }
}
