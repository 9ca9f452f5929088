import { Injectable } from '@nestjs/common';
import type { AwsJsonOperation, AwsJsonService } from '../protocol/aws-json-service';
import { AwsServiceError } from '../protocol/aws-service.error';
import { LicenseStore } from './license.store';

const FILTERS = ['CUSTOMER_AWS_ACCOUNT_ID', 'CUSTOMER_IDENTIFIER', 'DIMENSION', 'LICENSE_ARN'] as const;
const MAX_RESULTS = 25;

/** AWS Marketplace Entitlement Service (awsJson 1.1, target AWSMPEntitlementService). */
@Injectable()
export class EntitlementOperations implements AwsJsonService {
  readonly targetPrefix = 'AWSMPEntitlementService';
  readonly throttle = { code: 'ThrottlingException', httpStatus: 400 };
  readonly serverError = { code: 'InternalServiceErrorException', httpStatus: 500 };

  private readonly operations: Record<string, AwsJsonOperation> = {
    GetEntitlements: (input) => this.getEntitlements(input),
  };

  constructor(private readonly licenses: LicenseStore) {}

  operation(name: string): AwsJsonOperation | undefined {
    return this.operations[name];
  }

  private getEntitlements(input: Record<string, unknown>) {
    const productCode = input.ProductCode;
    if (typeof productCode !== 'string' || productCode === '') throw invalid('ProductCode is required');
    const filter = (input.Filter ?? {}) as Record<string, unknown>;
    for (const [name, values] of Object.entries(filter)) {
      if (!(FILTERS as readonly string[]).includes(name)) throw invalid(`Unknown filter ${name}`);
      if (!Array.isArray(values) || values.length === 0) throw invalid(`Filter ${name} needs values`);
    }
    const accepts = (name: string, value: string) => {
      const values = filter[name] as string[] | undefined;
      return !values || values.includes(value);
    };
    const maxResults = input.MaxResults === undefined ? MAX_RESULTS : Number(input.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS)
      throw invalid(`MaxResults must be 1 to ${MAX_RESULTS}`);

    // Ended licences have no entitlements left: the buyer's access is over.
    const all = this.licenses
      .byProductCode(productCode)
      .filter((l) => l.status === 'ACTIVE')
      .filter(
        (l) =>
          accepts('CUSTOMER_AWS_ACCOUNT_ID', l.customerAWSAccountId) &&
          accepts('CUSTOMER_IDENTIFIER', l.customerIdentifier) &&
          accepts('LICENSE_ARN', l.licenseArn),
      )
      .flatMap((l) =>
        l.entitlements
          .filter((e) => accepts('DIMENSION', e.dimension))
          .map((e) => ({
            ProductCode: l.productCode,
            Dimension: e.dimension,
            CustomerIdentifier: l.customerIdentifier,
            CustomerAWSAccountId: l.customerAWSAccountId,
            LicenseArn: l.licenseArn,
            Value: { IntegerValue: e.quantity },
            ExpirationDate: l.expiresAt,
          })),
      );
    const offset = input.NextToken ? Number.parseInt(Buffer.from(String(input.NextToken), 'base64').toString('utf8'), 10) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid NextToken');
    const next = offset + maxResults;
    return {
      Entitlements: all.slice(offset, next),
      NextToken: next < all.length ? Buffer.from(String(next)).toString('base64') : undefined,
    };
  }
}

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message);
}
