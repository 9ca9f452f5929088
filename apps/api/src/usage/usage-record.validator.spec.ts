import { checkUsageRecord } from './usage-record.validator';
import { usageRecordSchema } from './usage.schemas';

const ok = {
  idempotencyKey: 'k1',
  customerAwsAccountId: '123456789012',
  licenseArn: 'arn:aws:license-manager::1:license:l-1',
  dimension: 'api_calls',
  quantity: 5,
  timestamp: '2026-04-15T09:05:00.000Z',
};

describe('checkUsageRecord agrees with the documented schema', () => {
  it.each([
    ['a good AWS record', ok],
    ['an offset timestamp', { ...ok, timestamp: '2026-04-15T11:05:00+02:00' }],
    ['a legacy identifier', { idempotencyKey: 'k', customerIdentifier: 'abc', dimension: 'd', quantity: 0, timestamp: ok.timestamp }],
    ['an Azure resource', { idempotencyKey: 'k', azureResourceId: 'r-1', dimension: 'd', quantity: 1, timestamp: ok.timestamp }],
    ['a negative quantity', { ...ok, quantity: -1 }],
    ['a fractional quantity', { ...ok, quantity: 1.5 }],
    ['a quantity over the AWS maximum', { ...ok, quantity: 2_147_483_648 }],
    ['no timezone', { ...ok, timestamp: '2026-04-15T09:05:00' }],
    ['no customer', { idempotencyKey: 'k', dimension: 'd', quantity: 1, timestamp: ok.timestamp }],
    ['two customers', { ...ok, azureResourceId: 'r-1' }],
    ['an account without licence', { ...ok, licenseArn: undefined }],
    ['a control character in the key', { ...ok, idempotencyKey: 'a\tb' }],
    ['an empty dimension', { ...ok, dimension: '' }],
    ['an unknown field', { ...ok, extra: 1 }],
    ['not an object', 'x'],
  ])('%s', (_case, input) => {
    const cleaned = input && typeof input === 'object' ? JSON.parse(JSON.stringify(input)) : input;
    const check = checkUsageRecord(cleaned, 0);
    expect(check.ok).toBe(usageRecordSchema.safeParse(cleaned).success);
    if (check.ok) expect(Date.parse(check.record.usageAt)).toBe(Date.parse((cleaned as { timestamp: string }).timestamp));
  });

  it('keeps a UTC timestamp as sent and converts an offset to UTC', () => {
    const utc = checkUsageRecord(ok);
    const offset = checkUsageRecord({ ...ok, timestamp: '2026-04-15T11:05:00+02:00' });
    expect(utc.ok && utc.record.usageAt).toBe('2026-04-15T09:05:00.000Z');
    expect(offset.ok && offset.record.usageAt).toBe('2026-04-15T09:05:00.000Z');
  });
});
