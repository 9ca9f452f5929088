import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ParkedMessagesController } from './parked-messages.controller';

/** Operators' view of the marketplace messages the product kept but could not take. */
@Module({ imports: [WebhooksModule], controllers: [ParkedMessagesController] })
export class MarketplaceMessagesModule {}
