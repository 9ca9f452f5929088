import { Injectable } from '@nestjs/common';
import { ClockService } from '../clock/clock.service';
import { uuid } from '../core/random-id.generator';
import { EventDeliveryService } from './event-delivery.service';
import type { OutboundEvent } from './outbound-event.types';

export const EVENTBRIDGE_PATH = '/webhooks/aws/eventbridge';
const REGION = 'us-east-1';

/** The EventBridge envelope the default bus delivers to a rule's target. */
export interface EventBridgeEnvelope<D = unknown> {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: D;
}

@Injectable()
export class EventBridgePublisher {
  constructor(
    private readonly delivery: EventDeliveryService,
    private readonly clock: ClockService,
  ) {}

  publish(input: { detailType: string; source: string; account: string; detail: unknown; resources?: string[] }): OutboundEvent {
    const envelope: EventBridgeEnvelope = {
      version: '0',
      id: uuid(),
      'detail-type': input.detailType,
      source: input.source,
      account: input.account,
      // EventBridge writes times to the second, without milliseconds.
      time: isoSeconds(this.clock.now()),
      region: REGION,
      resources: input.resources ?? [],
      detail: input.detail,
    };
    return this.delivery.enqueue({
      id: envelope.id,
      channel: 'eventbridge',
      path: EVENTBRIDGE_PATH,
      kind: input.detailType,
      body: envelope,
    });
  }
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
