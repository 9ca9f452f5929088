import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { openApiSchema } from '../http/request-schemas';
import { AzureWebhookTokenGuard } from './azure-webhook-token.guard';
import { azureWebhookSchema } from './azure-webhook.schema';
import { AzureWebhookService } from './azure-webhook.service';
import { Responds } from '../http/responds.decorator';
import { azureWebhookAnswerView } from './webhook-answer.schemas';
import { type z } from 'zod';

/** The SaaS offer's connection webhook (Partner Center, technical configuration). */
@ApiTags('marketplace webhooks')
@Controller('webhooks')
export class AzureWebhookController {
  constructor(private readonly webhooks: AzureWebhookService) {}

  /** Public to API keys: the Entra bearer token is checked by its own guard. Any JSON object is taken; what is not understood is parked. */
  @Post('azure')
  @Public()
  @UseGuards(AzureWebhookTokenGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(azureWebhookSchema) })
  @Responds(200, azureWebhookAnswerView, 'The webhook is stored: acted on when understood, parked when not')
  receive(@Body() body: unknown): Promise<z.output<typeof azureWebhookAnswerView>> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'body', 'must be a JSON object');
    return this.webhooks.receive(body as Record<string, unknown>);
  }
}
