import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { findPage, listOrder, pageQueryFields } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
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
import { Responds } from '../http/responds.decorator';
import { parkedMessagesPage, replayedView } from './parked-message.schemas';

const PARKED_ORDER = listOrder('parked-messages', [
  { field: 'receivedAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);
const pageQuery = z.object(pageQueryFields(PARKED_ORDER)).strict();
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
  @Paginated('messages', 'receivedAt descending, then id')
  @Responds(200, parkedMessagesPage, 'A page of parked messages')
  async parked(@Query(new ZodValidationPipe(pageQuery, 'query')) query: PageQuery): Promise<z.output<typeof parkedMessagesPage>> {
    const { rows, page } = await findPage(PARKED_ORDER, query, (args) => this.inbox.parked(args));
    return { messages: rows.map(presentParkedMessage), page };
  }

  /** Reads a parked message again; 409 with the current reason when the product still cannot take it. */
  @Post(':id/replay')
  @HttpCode(200)
  @Responds(200, replayedView, 'The message was taken this time')
  async replay(@Param('id', new ParseUUIDPipe()) id: string): Promise<z.output<typeof replayedView>> {
    const outcome = (await this.aws.replay(id)) ?? (await this.azure.replay(id));
    if (!outcome) throw ApiError.notFound(`marketplace message ${id}`);
    if (!outcome.replayed) throw ApiError.field(HttpStatus.CONFLICT, 'id', outcome.reason ?? 'not replayed');
    return { id, replayed: true };
  }
}
