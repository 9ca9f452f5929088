import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AzureWebhookTokenGuard } from './azure-webhook-token.guard';
import { azureWebhookSchema, type AzureWebhook } from './azure-webhook.schema';
import { AzureWebhookService } from './azure-webhook.service';

/** The SaaS offer's connection webhook (Partner Center, technical configuration). */
@ApiTags('marketplace webhooks')
@Controller('webhooks')
export class AzureWebhookController {
  constructor(private readonly webhooks: AzureWebhookService) {}

  /** Public to API keys: the Entra bearer token is checked by its own guard. */
  @Post('azure')
  @Public()
  @UseGuards(AzureWebhookTokenGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(azureWebhookSchema) })
  receive(@Body(new ZodValidationPipe(azureWebhookSchema)) body: AzureWebhook) {
    return this.webhooks.receive(body);
  }
}
