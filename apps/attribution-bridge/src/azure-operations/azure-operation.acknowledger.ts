import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AzureFulfillmentClient, FulfillmentCallError } from '@bridge/marketplace';

/** Operation states in which Azure still waits for the publisher's answer. */
const AWAITING_PUBLISHER = new Set(['NotStarted', 'InProgress']);

/**
 * Acknowledges an Azure operation the buyer started (plan or quantity change,
 * reinstatement): reads it back and, while Azure still waits, PATCHes it with
 * Success. Safe to repeat: an operation already answered is left alone.
 */
@Injectable()
export class AzureOperationAcknowledger {
  private readonly logger = new Logger(AzureOperationAcknowledger.name);

  constructor(private readonly fulfillment: AzureFulfillmentClient) {}

  async acknowledge(subscriptionId: string, operationId: string): Promise<'acknowledged' | 'already-answered'> {
    try {
      const operation = await this.fulfillment.getOperation(subscriptionId, operationId);
      if (!AWAITING_PUBLISHER.has(operation.status)) return 'already-answered';
      await this.fulfillment.updateOperationStatus(subscriptionId, operationId, 'Success');
      this.logger.log(`Azure operation ${operation.action} ${operationId} of subscription ${subscriptionId} acknowledged`);
      return 'acknowledged';
    } catch (error) {
      if (!(error instanceof FulfillmentCallError)) throw error;
      // Another delivery's job answered it first.
      if (error.kind === 'CONFLICT') return 'already-answered';
      if (error.kind === 'RETRYABLE') throw error;
      throw new UnrecoverableError(`operation ${operationId}: ${error.message}`);
    }
  }
}
