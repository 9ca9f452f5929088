import { createHash } from 'node:crypto';
import { Inject, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox } from '@bridge/database';
import { awaitsPublisherAnswer } from '@bridge/domain';
import {
  AZURE_WEBHOOK_SOURCE,
  AzureCallError,
  SAAS_FULFILLMENT_API,
  type SaasFulfillmentApi,
  type SaasOperation,
} from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { ApiError } from '../http/api-error';
import { azureWebhookSchema, isKnownAzureAction, type AzureWebhook } from './azure-webhook.schema';

/**
 * An authenticated Azure webhook call. The body is only a claim: the
 * operation is read back from the SaaS Fulfillment API and that answer is
 * what gets stored and acted on. The answer comes as soon as the operation
 * is durable and its work queued; Microsoft retries anything else, and a
 * repeat lands on the same inbox row. A call the product does not
 * understand (an action it does not know, a body without the ids) is stored
 * and parked for an operator and answered 200: a 4xx would count as the
 * publisher refusing the operation.
 */
@Injectable()
export class AzureWebhookService {
  private readonly logger = new Logger(AzureWebhookService.name);

  constructor(
    @Inject(SAAS_FULFILLMENT_API) private readonly fulfillment: SaasFulfillmentApi,
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
  ) {}

  /** Reads a parked Azure message again with what the product knows now (an operator's replay). */
  async replay(eventId: string): Promise<{ replayed: boolean; reason?: string } | null> {
    const event = await this.inbox.find(eventId);
    if (!event || event.cloud !== 'AZURE') return null;
    if (!event.parkedAt) return { replayed: false, reason: 'not parked: the product has already taken it' };
    const body = event.payload.webhook ?? {};
    const parsed = azureWebhookSchema.safeParse(body);
    const reason = !parsed.success
      ? `not understood: ${parsed.error.issues[0]?.path.join('.') || 'body'} ${parsed.error.issues[0]?.message ?? 'is malformed'}`
      : !isKnownAzureAction(parsed.data.action)
        ? `not understood: action "${parsed.data.action}" is not one the product acts on`
        : null;
    if (reason || !parsed.success) {
      await this.inbox.stillParked(eventId, reason ?? 'not understood');
      return { replayed: false, reason: reason ?? 'not understood' };
    }
    const operation = await this.readBack(parsed.data);
    if (await this.inbox.unpark(eventId, { source: AZURE_WEBHOOK_SOURCE, detailType: operation.action }))
      await this.queue(eventId, operation);
    return { replayed: true };
  }

  async receive(body: Record<string, unknown>) {
    const parsed = azureWebhookSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.park(body, `not understood: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is malformed'}`);
    }
    const webhook = parsed.data;
    if (!isKnownAzureAction(webhook.action))
      return this.park(body, `not understood: action "${webhook.action}" is not one the product acts on`, webhook);
    const operation = await this.readBack(webhook);
    if (operation.subscriptionId !== webhook.subscriptionId || operation.action !== webhook.action) {
      throw ApiError.field(
        HttpStatus.BAD_REQUEST,
        'action',
        `the marketplace reports operation ${webhook.id} as ${operation.action} of subscription ${operation.subscriptionId}`,
      );
    }
    const stored = await this.inbox.receive({
      cloud: 'AZURE',
      externalId: operation.id,
      source: AZURE_WEBHOOK_SOURCE,
      detailType: operation.action,
      payload: { operation, webhook } as object,
    });
    await this.queue(stored.id, operation);
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate, status: operation.status };
  }

  private async queue(eventId: string, operation: SaasOperation): Promise<void> {
    await this.jobs.enqueue('marketplace-event.received', { eventId }).catch((error: Error) => {
      this.logger.warn(`Azure operation ${operation.id} stored; queueing deferred to the sweep: ${error.message}`);
    });
    if (awaitsPublisherAnswer(operation)) {
      // The stored operation is owed an answer until the acknowledger marks it: the inbox sweep queues a lost one again.
      await this.jobs
        .enqueue('azure-operation.acknowledge', { subscriptionId: operation.subscriptionId, operationId: operation.id })
        .catch((error: Error) => {
          this.logger.warn(`Azure operation ${operation.id} stored; its acknowledgement deferred to the sweep: ${error.message}`);
        });
    }
  }

  /** Stored as received, under the operation id when there is one (a repeat lands on the same row), and listed for operators. */
  private async park(body: Record<string, unknown>, reason: string, webhook?: AzureWebhook) {
    const externalId = webhook?.id ?? `unidentified-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
    const stored = await this.inbox.receive({
      cloud: 'AZURE',
      externalId,
      source: AZURE_WEBHOOK_SOURCE,
      detailType: webhook?.action ?? 'unknown',
      payload: { webhook: body } as object,
      parkReason: reason,
    });
    this.logger.warn(`Azure webhook ${externalId} parked: ${reason}`);
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate, parked: reason };
  }

  private async readBack(webhook: AzureWebhook): Promise<SaasOperation> {
    try {
      return await this.fulfillment.getOperation(webhook.subscriptionId, webhook.id);
    } catch (error) {
      if (!(error instanceof AzureCallError)) throw error;
      if (error.kind === 'NOT_FOUND')
        throw ApiError.field(
          HttpStatus.NOT_FOUND,
          'id',
          `the marketplace has no operation ${webhook.id} for subscription ${webhook.subscriptionId}`,
        );
      this.logger.warn(`reading back Azure operation ${webhook.id} failed: ${error.message}`);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'the operation could not be read back from the marketplace; retry later');
    }
  }
}
