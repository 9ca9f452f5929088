/**
 * The rules of usageRecordSchema (usage.schemas.ts), checked by hand: at
 * 10,000 records a request, schema parsing and its allocations were the
 * largest cost of ingest. The schema stays the documented contract (OpenAPI)
 * and usage-record.validator.spec.ts keeps the two in agreement.
 */
export interface ValidUsageRecord {
  /** Position in the request. */
  index: number;
  idempotencyKey: string;
  customerAwsAccountId?: string;
  licenseArn?: string;
  customerIdentifier?: string;
  azureResourceId?: string;
  dimension: string;
  quantity: number;
  /** Epoch milliseconds of the timestamp. */
  at: number;
  /** The timestamp in UTC ISO-8601. */
  usageAt: string;
  /** Set once resolved: the subscription billed and the hour's start (ISO-8601). */
  subscriptionId: string;
  hour: string;
}

export type UsageRecordCheck = { ok: true; record: ValidUsageRecord } | { ok: false; reason: string };

const FIELDS = new Set([
  'idempotencyKey',
  'customerAwsAccountId',
  'licenseArn',
  'customerIdentifier',
  'azureResourceId',
  'dimension',
  'quantity',
  'timestamp',
]);
const ACCOUNT = /^\d{12}$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_QUANTITY = 2_147_483_647;

const invalid = (field: string, message: string): UsageRecordCheck => ({ ok: false, reason: `INVALID: ${field}: ${message}` });

function text(value: unknown, field: string, max: number): string | UsageRecordCheck {
  if (typeof value !== 'string') return invalid(field, 'expected a string');
  if (value.length < 1 || value.length > max) return invalid(field, `must be 1 to ${max} characters`);
  if (hasControlCharacter(value)) return invalid(field, 'must not contain control characters');
  return value;
}

export function checkUsageRecord(raw: unknown, index = 0): UsageRecordCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return invalid('(record)', 'expected an object');
  const r = raw as Record<string, unknown>;
  for (const field in r) if (!FIELDS.has(field)) return invalid(field, 'unknown field');
  const idempotencyKey = text(r.idempotencyKey, 'idempotencyKey', 200);
  if (typeof idempotencyKey !== 'string') return idempotencyKey;
  const dimension = text(r.dimension, 'dimension', 255);
  if (typeof dimension !== 'string') return dimension;
  const quantity = r.quantity;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) {
    return invalid('quantity', `must be an integer from 0 to ${MAX_QUANTITY}`);
  }
  const timestamp = r.timestamp;
  const at = typeof timestamp === 'string' && ISO_WITH_OFFSET.test(timestamp) ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) return invalid('timestamp', 'must be an ISO-8601 date-time with Z or an offset');
  const usageAt =
    (timestamp as string).length === 24 && (timestamp as string).endsWith('Z') ? (timestamp as string) : new Date(at).toISOString();
  const record: ValidUsageRecord = { index, idempotencyKey, dimension, quantity, at, usageAt, subscriptionId: '', hour: '' };

  let forms = 0;
  if (r.customerAwsAccountId !== undefined || r.licenseArn !== undefined) {
    if (typeof r.customerAwsAccountId !== 'string' || !ACCOUNT.test(r.customerAwsAccountId))
      return invalid('customerAwsAccountId', 'an AWS account id is 12 digits');
    if (typeof r.licenseArn !== 'string' || !r.licenseArn.startsWith('arn:') || r.licenseArn.length > 2048)
      return invalid('licenseArn', 'must be a licence ARN');
    record.customerAwsAccountId = r.customerAwsAccountId;
    record.licenseArn = r.licenseArn;
    forms++;
  }
  if (r.customerIdentifier !== undefined) {
    const id = text(r.customerIdentifier, 'customerIdentifier', 255);
    if (typeof id !== 'string') return id;
    record.customerIdentifier = id;
    forms++;
  }
  if (r.azureResourceId !== undefined) {
    const id = text(r.azureResourceId, 'azureResourceId', 255);
    if (typeof id !== 'string') return id;
    record.azureResourceId = id;
    forms++;
  }
  if (forms !== 1)
    return invalid('customer', 'name the customer once: customerAwsAccountId with licenseArn, or customerIdentifier, or azureResourceId');
  return { ok: true, record };
}

/** Keys and dimensions go into COPY text and marketplace calls as they are. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
