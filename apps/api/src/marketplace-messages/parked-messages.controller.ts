import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { MarketplaceEventInbox } from '@bridge/database';
import { Roles } from '../auth/auth.decorators';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AwsEventIntakeService } from '../webhooks/aws-event-intake.service';
import { AzureWebhookService } from '../webhooks/azure-webhook.service';
import { presentParkedMessage } from './parked-message.presenter';

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  /** The previous page's `next`. */
  after: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[^_]+_[0-9a-f-]{36}$/, 'must be the `next` of the previous page')
    .optional(),
});
type PageQuery = z.infer<typeof pageQuery>;

/**
 * Marketplace messages that were authenticated but not understood: kept as
 * received, answered 2xx, and listed here until an operator replays them
 * (once the product has learnt their shape) and they are processed.
 */
@ApiTags('marketplace messages')
@ApiBearerAuth()
@Controller('v1/marketplace-messages')
@Roles(...ROLES_FOR.parkedMessages)
export class ParkedMessagesController {
  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly aws: AwsEventIntakeService,
    private readonly azure: AzureWebhookService,
  ) {}

  @Get('parked')
  async parked(@Query(new ZodValidationPipe(pageQuery)) query: PageQuery) {
    const [at, id] = query.after?.split('_') ?? [];
    const rows = await this.inbox.parked({ limit: query.limit, before: query.after ? { receivedAt: new Date(at), id } : undefined });
    const last = rows.at(-1);
    return {
      messages: rows.map(presentParkedMessage),
      next: rows.length === query.limit && last ? `${last.receivedAt.toISOString()}_${last.id}` : null,
    };
  }

  /** Reads a parked message again; 409 with the current reason when the product still cannot take it. */
  @Post(':id/replay')
  @HttpCode(200)
  async replay(@Param('id', new ParseUUIDPipe()) id: string) {
    const outcome = (await this.aws.replay(id)) ?? (await this.azure.replay(id));
    if (!outcome) throw ApiError.notFound(`marketplace message ${id}`);
    if (!outcome.replayed) throw ApiError.field(HttpStatus.CONFLICT, 'id', outcome.reason ?? 'not replayed');
    return { id, replayed: true };
  }
}
