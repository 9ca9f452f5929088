import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { eventBridgeEnvelopeSchema } from '@bridge/marketplace';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { containsNulCharacter } from '../http/nul-character.check';
import { openApiSchema } from '../http/request-schemas';
import { AwsEventIntakeService } from './aws-event-intake.service';
import { EventBridgeSecretGuard } from './eventbridge-secret.guard';
import { Responds } from '../http/responds.decorator';
import { intakeAnswerView } from './webhook-answer.schemas';
import { type z } from 'zod';

/**
 * The target of an EventBridge API destination. An API destination does not
 * retry a 4xx, so once the caller is authenticated every JSON object is
 * stored and answered 202: understood events are queued, the rest are parked
 * with the reason for an operator to replay. Only an unauthenticated caller
 * or a body that is not a JSON object is refused. If the queue cannot take
 * the job now, the event is still stored and the inbox sweep queues it later.
 */
@ApiTags('marketplace webhooks')
@Controller('webhooks/aws')
export class AwsEventBridgeController {
  constructor(private readonly intake: AwsEventIntakeService) {}

  @Post('eventbridge')
  @Public()
  @UseGuards(EventBridgeSecretGuard)
  @ApiSecurity('eventbridge-secret')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(eventBridgeEnvelopeSchema) })
  @Responds(202, intakeAnswerView, 'The event is stored: queued when understood, parked when not')
  receive(@Body() body: unknown): Promise<z.output<typeof intakeAnswerView>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, '(body)', 'must be a JSON object (an EventBridge event)');
    }
    if (containsNulCharacter(body))
      throw ApiError.field(HttpStatus.BAD_REQUEST, '(body)', 'holds a NUL character (\\u0000), which cannot be stored');
    return this.intake.receive(body as Record<string, unknown>);
  }
}
