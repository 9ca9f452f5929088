import { Injectable } from '@nestjs/common';
import { LicenseStore } from '../entitlement/license.store';
import type { AwsJsonOperation, AwsJsonService } from '../protocol/aws-json-service';
import { AwsServiceError, validationError } from '../protocol/aws-service.error';
import { MeteringService } from './metering.service';
import { RegistrationTokenStore } from './registration-token.store';

/** AWS Marketplace Metering Service (awsJson 1.1, target AWSMPMeteringService). */
@Injectable()
export class MeteringOperations implements AwsJsonService {
  readonly targetPrefix = 'AWSMPMeteringService';
  // No httpError trait in the model: AWS answers throttling with 400 on this service.
  readonly throttle = { code: 'ThrottlingException', httpStatus: 400 };
  readonly serverError = { code: 'InternalServiceErrorException', httpStatus: 500 };

  private readonly operations: Record<string, AwsJsonOperation> = {
    BatchMeterUsage: (input, caller) => this.metering.batchMeterUsage(input, caller),
    ResolveCustomer: (input) => {
      const token = input.RegistrationToken;
      if (typeof token !== 'string' || token === '') {
        throw validationError("Value null at 'registrationToken' failed to satisfy constraint: Member must not be null");
      }
      const found = this.tokens.lookup(token);
      if (!found) throw new AwsServiceError('InvalidTokenException', 'Registration token is invalid');
      if (found.expired) throw new AwsServiceError('ExpiredTokenException', 'Registration token has expired');
      const license = this.licenses.byArn(found.licenseArn);
      if (!license) throw new AwsServiceError('InvalidTokenException', 'Registration token is invalid');
      return {
        CustomerIdentifier: license.customerIdentifier,
        ProductCode: license.productCode,
        CustomerAWSAccountId: license.customerAWSAccountId,
        LicenseArn: license.licenseArn,
      };
    },
  };

  constructor(
    private readonly metering: MeteringService,
    private readonly tokens: RegistrationTokenStore,
    private readonly licenses: LicenseStore,
  ) {}

  operation(name: string): AwsJsonOperation | undefined {
    return this.operations[name];
  }
}
