import { Injectable } from '@nestjs/common';
import type { AwsJsonOperation, AwsJsonService } from '../protocol/aws-json-service';
import { MeteringService } from './metering.service';
import { ResolveCustomerOperation } from './resolve-customer.operation';

/** AWS Marketplace Metering Service (awsJson 1.1, target AWSMPMeteringService). */
@Injectable()
export class MeteringOperations implements AwsJsonService {
  readonly targetPrefix = 'AWSMPMeteringService';
  // No httpError trait in the model: AWS answers throttling with 400 on this service.
  readonly throttle = { code: 'ThrottlingException', httpStatus: 400 };
  readonly serverError = { code: 'InternalServiceErrorException', httpStatus: 500 };

  private readonly operations: Record<string, AwsJsonOperation> = {
    BatchMeterUsage: (input, caller) => this.metering.batchMeterUsage(input, caller),
    ResolveCustomer: (input) => this.resolveCustomer.resolve(input),
  };

  constructor(
    private readonly metering: MeteringService,
    private readonly resolveCustomer: ResolveCustomerOperation,
  ) {}

  operation(name: string): AwsJsonOperation | undefined {
    return this.operations[name];
  }
}
