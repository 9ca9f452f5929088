import { Module } from '@nestjs/common';
import { AwsEventBridgeController } from './aws-eventbridge.controller';

@Module({ controllers: [AwsEventBridgeController] })
export class WebhooksModule {}
