/** The three ways the clouds call the product back. */
export type OutboundChannel = 'eventbridge' | 'sns' | 'azure-webhook';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped' | 'held';

export interface DeliveryAttempt {
  readonly at: string;
  readonly ok: boolean;
  readonly httpStatus?: number;
  readonly error?: string;
}

export interface OutboundEvent {
  readonly id: string;
  readonly channel: OutboundChannel;
  /** Path under the event target URL, e.g. /webhooks/aws/eventbridge. */
  readonly path: string;
  /** What the event is about, for listing and fault matching: detail-type, SNS action or Azure action. */
  readonly kind: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly createdAt: string;
  status: DeliveryStatus;
  /** Successful deliveries: above 1 after a redelivery, as when a cloud delivers twice. */
  deliveries: number;
  attempts: DeliveryAttempt[];
}

export interface DeliveryConfig {
  enabled: boolean;
  targetUrl: string;
  maxAttempts: number;
  baseDelayMs: number;
}
