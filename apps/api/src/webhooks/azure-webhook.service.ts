import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox } from '@bridge/database';
import { awaitsPublisherAnswer } from '@bridge/domain';
import { AzureFulfillmentClient, AzureCallError, type SaasOperation } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { ApiError } from '../http/api-error';
import type { AzureWebhook } from './azure-webhook.schema';

export const AZURE_WEBHOOK_SOURCE = 'azure.marketplace.webhook';

/**
 * An authenticated Azure webhook call. The body is only a claim: the
 * operation is read back from the SaaS Fulfillment API and that answer is
 * what gets stored and acted on. The answer comes as soon as the operation
 * is durable and its work queued; Microsoft retries anything else, and a
 * repeat lands on the same inbox row.
 */
@Injectable()
export class AzureWebhookService {
  private readonly logger = new Logger(AzureWebhookService.name);

  constructor(
    private readonly fulfillment: AzureFulfillmentClient,
    private readonly inbox: MarketplaceEventInbox,
    private readonly jobs: JobProducer,
  ) {}

  async receive(webhook: AzureWebhook) {
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
    await this.jobs.enqueue('marketplace-event.received', { eventId: stored.id }).catch((error: Error) => {
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
    return { accepted: true, eventId: stored.id, duplicate: stored.duplicate, status: operation.status };
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
