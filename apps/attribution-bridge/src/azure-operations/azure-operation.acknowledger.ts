import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { isAwaitingPublisher } from '@bridge/domain';
import { AzureCallError, SAAS_FULFILLMENT_API, type SaasFulfillmentApi } from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { AzureOperationAnswerRepository } from './azure-operation-answer.repository';

/**
 * Acknowledges an Azure operation the buyer started (plan or quantity change,
 * reinstatement): reads it back and, while Azure still waits, PATCHes it with
 * Success. Safe to repeat: an operation already answered is left alone.
 * Either way the stored operation is then marked answered, which ends the
 * sweep's interest in it; a failure leaves it owed, for the sweep.
 */
@Injectable()
export class AzureOperationAcknowledger {
  private readonly logger = new Logger(AzureOperationAcknowledger.name);

  constructor(
    @Inject(SAAS_FULFILLMENT_API) private readonly fulfillment: SaasFulfillmentApi,
    private readonly answers: AzureOperationAnswerRepository,
    private readonly jobs: JobProducer,
  ) {}

  async acknowledge(subscriptionId: string, operationId: string): Promise<'acknowledged' | 'already-answered'> {
    const outcome = await this.answer(subscriptionId, operationId);
    const eventId = await this.answers.markAnswered(operationId, new Date());
    // Its effect (plan, seats, reinstatement) waited for this answer: apply it now rather than at the next sweep.
    if (eventId) await this.jobs.requeueMany('marketplace-event.received', [{ eventId }]);
    return outcome;
  }

  private async answer(subscriptionId: string, operationId: string): Promise<'acknowledged' | 'already-answered'> {
    try {
      const operation = await this.fulfillment.getOperation(subscriptionId, operationId);
      if (!isAwaitingPublisher(operation.status)) return 'already-answered';
      await this.fulfillment.updateOperationStatus(subscriptionId, operationId, 'Success');
      this.logger.log(`Azure operation ${operation.action} ${operationId} of subscription ${subscriptionId} acknowledged`);
      return 'acknowledged';
    } catch (error) {
      if (!(error instanceof AzureCallError)) throw error;
      // Another delivery's job answered it first.
      if (error.kind === 'CONFLICT') return 'already-answered';
      if (error.kind === 'RETRYABLE') throw error;
      throw new UnrecoverableError(`operation ${operationId}: ${error.message}`);
    }
  }
}
