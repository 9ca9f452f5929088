import { GetEntitlementsCommand, MarketplaceEntitlementServiceClient } from '@aws-sdk/client-marketplace-entitlement-service';
import { awsClientConfig, BUYER, rejectionOf, SELLER, startSandbox, type Sandbox } from './sandbox-harness';

describe('sandbox: AWS Marketplace Entitlement Service (GetEntitlements)', () => {
  let sandbox: Sandbox;
  let client: MarketplaceEntitlementServiceClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new MarketplaceEntitlementServiceClient(awsClientConfig(sandbox.url));
  });
  afterAll(async () => {
    client.destroy();
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    await sandbox.control('POST', '/_sandbox/events/config', { enabled: false });
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-04-15T10:00:00Z' });
  });

  const accept = (acceptorAccountId: string, dimensions: { key: string; quantity: number }[]) =>
    sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-1',
      acceptorAccountId,
      proposerAccountId: SELLER,
      productId: 'prod-abc123',
      productCode: 'code123',
      agreementValue: '1000.00',
      currency: 'USD',
      dimensions,
    });

  it('returns one entitlement per purchased dimension with quantity and expiry', async () => {
    const { body } = await accept(BUYER, [
      { key: 'users', quantity: 25 },
      { key: 'admins', quantity: 2 },
    ]);
    const out = await client.send(new GetEntitlementsCommand({ ProductCode: 'code123' }));
    expect(out.Entitlements).toHaveLength(2);
    expect(out.Entitlements!.find((e) => e.Dimension === 'users')).toMatchObject({
      CustomerAWSAccountId: BUYER,
      LicenseArn: body.licenseArn,
      ProductCode: 'code123',
      Value: { IntegerValue: 25 },
      ExpirationDate: new Date('2027-04-15T10:00:00Z'),
    });
  });

  it('filters by CUSTOMER_AWS_ACCOUNT_ID, LICENSE_ARN and DIMENSION, and by product code', async () => {
    const a = await accept(BUYER, [
      { key: 'users', quantity: 25 },
      { key: 'admins', quantity: 2 },
    ]);
    await accept('222233334444', [{ key: 'users', quantity: 5 }]);
    const byAccount = await client.send(
      new GetEntitlementsCommand({ ProductCode: 'code123', Filter: { CUSTOMER_AWS_ACCOUNT_ID: ['222233334444'] } }),
    );
    expect(byAccount.Entitlements!.map((e) => e.Value?.IntegerValue)).toEqual([5]);
    const byLicense = await client.send(
      new GetEntitlementsCommand({ ProductCode: 'code123', Filter: { LICENSE_ARN: [a.body.licenseArn], DIMENSION: ['admins'] } }),
    );
    expect(byLicense.Entitlements!.map((e) => [e.Dimension, e.Value?.IntegerValue])).toEqual([['admins', 2]]);
    const other = await client.send(new GetEntitlementsCommand({ ProductCode: 'other' }));
    expect(other.Entitlements).toEqual([]);
  });

  it('drops entitlements of a cancelled agreement and refuses unknown filters', async () => {
    const { body } = await accept(BUYER, [{ key: 'users', quantity: 25 }]);
    await sandbox.control('POST', `/_sandbox/aws/agreements/${body.agreementId}/cancel`);
    expect((await client.send(new GetEntitlementsCommand({ ProductCode: 'code123' }))).Entitlements).toEqual([]);
    const error = await rejectionOf(client.send(new GetEntitlementsCommand({ ProductCode: 'code123', Filter: { BOGUS: ['x'] } as never })));
    expect(error.name).toBe('InvalidParameterException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});
