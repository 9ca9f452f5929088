import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { containsNulCharacter } from '../http/nul-character.check';
import { openApiSchema } from '../http/request-schemas';
import { snsMessageSchema, type SnsMessage } from './sns-message.schema';
import { SnsMessageVerifier } from './sns-message.verifier';
import { SnsNotificationService } from './sns-notification.service';
import { SnsSubscriptionConfirmer } from './sns-subscription.confirmer';
import { Responds } from '../http/responds.decorator';
import { snsAnswerView } from './webhook-answer.schemas';
import { type z } from 'zod';

/**
 * The HTTPS subscription of AWS Marketplace's SNS topics. SNS posts JSON as
 * text/plain. Nothing is stored or fetched (beyond the signing certificate)
 * until the signature verifies; a refused message changes nothing.
 */
@ApiTags('marketplace webhooks')
@Controller('webhooks/aws')
export class AwsSnsController {
  constructor(
    private readonly verifier: SnsMessageVerifier,
    private readonly notifications: SnsNotificationService,
    private readonly subscriptions: SnsSubscriptionConfirmer,
  ) {}

  @Post('sns')
  @Public()
  @HttpCode(200)
  @ApiConsumes('text/plain', 'application/json')
  @ApiBody({ schema: openApiSchema(snsMessageSchema) })
  @Responds(200, snsAnswerView, 'The notification stored, the subscription confirmed, or the unsubscription noted')
  async receive(@Body() body: unknown, @Headers('x-amz-sns-message-type') typeHeader?: string): Promise<z.output<typeof snsAnswerView>> {
    const message = parseSnsMessage(body);
    if (typeHeader !== undefined && typeHeader !== message.Type) {
      throw ApiError.field(
        HttpStatus.BAD_REQUEST,
        'x-amz-sns-message-type',
        `says ${typeHeader.slice(0, 40)} but the message is a ${message.Type}`,
      );
    }
    await this.verifier.verify(message);
    switch (message.Type) {
      case 'Notification':
        return this.notifications.receive(message);
      case 'SubscriptionConfirmation':
        return this.subscriptions.confirm(message);
      case 'UnsubscribeConfirmation':
        // Nothing to undo: the product keeps no subscription state of its own.
        return { received: true, topicArn: message.TopicArn };
    }
  }
}

function parseSnsMessage(body: unknown): SnsMessage {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, '(body)', `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (containsNulCharacter(value))
    throw ApiError.field(HttpStatus.BAD_REQUEST, '(body)', 'holds a NUL character (\\u0000), which cannot be stored');
  const parsed = snsMessageSchema.safeParse(value);
  if (!parsed.success) throw ApiError.validation(parsed.error);
  return parsed.data;
}
