import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnJob, type JobData } from '@bridge/queues';
import { AzureOperationAcknowledger } from './azure-operation.acknowledger';

/** Thin: jobs in, the acknowledger out. */
@Controller()
export class AzureOperationProcessor {
  constructor(private readonly acknowledger: AzureOperationAcknowledger) {}

  @OnJob('azure-operation.acknowledge')
  async acknowledge(@Payload() data: JobData<'azure-operation.acknowledge'>): Promise<void> {
    await this.acknowledger.acknowledge(data.subscriptionId, data.operationId);
  }
}
