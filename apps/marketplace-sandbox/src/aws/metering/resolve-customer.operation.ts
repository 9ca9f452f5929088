import { Injectable } from '@nestjs/common';
import { LicenseStore } from '../entitlement/license.store';
import { AwsServiceError, validationError } from '../protocol/aws-service.error';
import { MeteringService } from './metering.service';
import { RegistrationTokenStore } from './registration-token.store';

/** The errors' wording is the API reference's description of each (ResolveCustomer, Errors). */
const INVALID_TOKEN = 'Registration token is invalid.';
const EXPIRED_TOKEN = 'The submitted registration token has expired.';

/**
 * ResolveCustomer (Metering API): the registration token the buyer's
 * browser posted becomes the customer's account, licence and product code
 * (test/fixtures/aws/metering/resolve-customer*.json). A token the sandbox
 * never issued is InvalidTokenException, one past its four hours
 * ExpiredTokenException; a valid one answers the same every time.
 */
@Injectable()
export class ResolveCustomerOperation {
  constructor(
    private readonly tokens: RegistrationTokenStore,
    private readonly licenses: LicenseStore,
    private readonly metering: MeteringService,
  ) {}

  resolve(input: Record<string, unknown>): Record<string, string> {
    const token = input.RegistrationToken;
    if (typeof token !== 'string' || token === '') {
      throw validationError("Value null at 'registrationToken' failed to satisfy constraint: Member must not be null");
    }
    const found = this.tokens.lookup(token);
    const license = found && this.licenses.byArn(found.licenseArn);
    if (!found || !license) throw new AwsServiceError('InvalidTokenException', INVALID_TOKEN);
    if (found.expired) throw new AwsServiceError('ExpiredTokenException', EXPIRED_TOKEN);
    return {
      CustomerAWSAccountId: license.customerAWSAccountId,
      // New SaaS integrations do not get the legacy identifier (API reference, ResolveCustomer).
      ...(this.metering.getConfig().resolveCustomerIdentifier ? { CustomerIdentifier: license.customerIdentifier } : {}),
      LicenseArn: license.licenseArn,
      ProductCode: license.productCode,
    };
  }
}
