import { fromEpochSeconds } from '../protocol/aws-json.codec';
import { AwsServiceError, validationError } from '../protocol/aws-service.error';

export const MAX_RECORDS_PER_CALL = 25;
const MAX_QUANTITY = 2_147_483_647;
const MAX_ALLOCATIONS = 2500;
const MAX_TAGS = 5;

export interface UsageRecordInput {
  readonly raw: Record<string, unknown>;
  readonly timestamp: Date;
  readonly dimension: string;
  readonly quantity: number;
  readonly customerIdentifier?: string;
  readonly customerAWSAccountId?: string;
  readonly licenseArn?: string;
}

/**
 * The shape rules BatchMeterUsage checks before anything else; any breach
 * fails the whole call, as on AWS: model constraints as ValidationException,
 * allocation and tag problems as their modelled exceptions.
 */
export function parseUsageRecords(input: Record<string, unknown>): UsageRecordInput[] {
  const records = input.UsageRecords;
  if (!Array.isArray(records)) throw validationError("Value null at 'usageRecords' failed to satisfy constraint: Member must not be null");
  if (records.length < 1 || records.length > MAX_RECORDS_PER_CALL) {
    throw validationError(
      `Value at 'usageRecords' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORDS_PER_CALL} and greater than or equal to 1`,
    );
  }
  if (
    input.ProductCode !== undefined &&
    (typeof input.ProductCode !== 'string' || input.ProductCode.length < 1 || input.ProductCode.length > 255)
  ) {
    throw validationError("Value at 'productCode' failed to satisfy constraint: Member must have length between 1 and 255");
  }
  return records.map((r, i) => parseRecord((r ?? {}) as Record<string, unknown>, i + 1));
}

function parseRecord(raw: Record<string, unknown>, n: number): UsageRecordInput {
  const at = `'usageRecords.${n}`;
  const timestamp = fromEpochSeconds(raw.Timestamp);
  if (!timestamp) throw validationError(`Value null at ${at}.member.timestamp' failed to satisfy constraint: Member must not be null`);
  const dimension = raw.Dimension;
  if (typeof dimension !== 'string' || dimension.length < 1 || dimension.length > 255) {
    throw validationError(`Value at ${at}.member.dimension' failed to satisfy constraint: Member must have length between 1 and 255`);
  }
  const quantity = raw.Quantity === undefined ? 0 : raw.Quantity;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    throw validationError(
      `Value at ${at}.member.quantity' failed to satisfy constraint: Member must have value between 0 and ${MAX_QUANTITY}`,
    );
  }
  const customerIdentifier = optionalString(raw.CustomerIdentifier);
  const customerAWSAccountId = optionalString(raw.CustomerAWSAccountId);
  const licenseArn = optionalString(raw.LicenseArn);
  if (customerIdentifier !== undefined && customerAWSAccountId !== undefined) {
    throw validationError(`${at}' must name the customer by CustomerIdentifier or by CustomerAWSAccountId, not both`);
  }
  if (customerIdentifier === undefined && (customerAWSAccountId === undefined || licenseArn === undefined)) {
    throw validationError(`${at}' needs CustomerAWSAccountId and LicenseArn (or the legacy CustomerIdentifier)`);
  }
  if (customerAWSAccountId !== undefined && !/^\d{12}$/.test(customerAWSAccountId)) {
    throw new AwsServiceError('InvalidCustomerIdentifierException', `Invalid CustomerAWSAccountId ${customerAWSAccountId}`);
  }
  checkAllocations(raw.UsageAllocations, quantity);
  return { raw, timestamp, dimension, quantity, customerIdentifier, customerAWSAccountId, licenseArn };
}

function checkAllocations(value: unknown, quantity: number): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_ALLOCATIONS) {
    throw new AwsServiceError('InvalidUsageAllocationsException', `UsageAllocations must hold 1 to ${MAX_ALLOCATIONS} entries`);
  }
  let sum = 0;
  for (const a of value as { AllocatedUsageQuantity?: unknown; Tags?: unknown }[]) {
    if (typeof a.AllocatedUsageQuantity !== 'number' || !Number.isInteger(a.AllocatedUsageQuantity) || a.AllocatedUsageQuantity < 0) {
      throw new AwsServiceError('InvalidUsageAllocationsException', 'AllocatedUsageQuantity must be a non-negative integer');
    }
    sum += a.AllocatedUsageQuantity;
    if (a.Tags !== undefined && (!Array.isArray(a.Tags) || a.Tags.length > MAX_TAGS)) {
      throw new AwsServiceError('InvalidTagException', `At most ${MAX_TAGS} tags per allocation`);
    }
  }
  if (sum !== quantity) {
    throw new AwsServiceError(
      'InvalidUsageAllocationsException',
      `Allocated quantities sum to ${sum}, the record's Quantity is ${quantity}`,
    );
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
