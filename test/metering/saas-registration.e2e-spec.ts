import { queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { documented } from '../fixtures/aws/documented-message';
import { call } from '../http-client';

const BUYER = '777788889999';
const PRODUCT_CODE = 'bridgeprodcode00000000001';
const LICENCE = 'arn:aws:license-manager::777788889999:license:l-bridgetest0000000000000000000001';

jest.setTimeout(60_000);

/**
 * The SaaS registration URL, driven as the buyer's browser drives it: one
 * form field, `x-amzn-marketplace-token` (seller guide, "Configuring your SaaS
 * product to accept new buyers"; test/fixtures/aws/metering/saas-registration-post.json).
 */
describe('the SaaS registration page registers the buyer AWS names, and only with a good token', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig(), { workers: false });
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await resetDatabase(stack.config.DATABASE_URL);
    await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
  });

  /** A buyer AWS Marketplace knows, and the token its browser would carry. */
  async function tokenOfABuyer(): Promise<string> {
    const licence = await call('POST', `${stack.sandboxUrl}/_sandbox/aws/customers`, {
      body: { customerAWSAccountId: BUYER, productCode: PRODUCT_CODE, licenseArn: LICENCE },
    });
    expect(licence.status).toBe(201);
    const minted = await call<{ token: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/registration-tokens`, {
      body: { licenseArn: LICENCE },
    });
    expect(minted.status).toBe(201);
    return minted.body.token;
  }

  /** Posts the form exactly as documented (its content type and field), with the given token. */
  async function post(token: string | null) {
    const { message } = documented<{ request: { contentType: string; body: string } }>('metering/saas-registration-post.json');
    const body = token === null ? '' : message.request.body.replace(/=.*$/, `=${encodeURIComponent(token)}`);
    const response = await fetch(`${stack.apiUrl}/marketplace/aws/register`, {
      method: 'POST',
      headers: { 'content-type': message.request.contentType },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', html: await response.text() };
  }

  const subscriptions = () =>
    queryDatabase<{ aws_account_id: string; license_arn: string; customer_identifier: string | null; product_code: string }>(
      stack.config.DATABASE_URL,
      `SELECT aws_account_id, license_arn, customer_identifier, product_code FROM metering_subscription WHERE cloud = 'AWS'`,
    );

  it('resolves the token, registers the buyer for metering by account and licence, and shows what was set up', async () => {
    const page = await post(await tokenOfABuyer());
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.html).toContain('data-testid="registration-confirmed"');
    expect(page.html).toContain(BUYER);
    expect(await subscriptions()).toEqual([
      expect.objectContaining({ aws_account_id: BUYER, license_arn: LICENCE, product_code: PRODUCT_CODE }),
    ]);
  });

  it('a forged token gets a page saying so, and registers nobody', async () => {
    const page = await post('forged-token-0123456789');
    expect(page.status).toBe(400);
    expect(page.html).toContain('not recognise');
    expect(await subscriptions()).toEqual([]);
  });

  it('an expired token gets a page saying so, and registers nobody', async () => {
    const token = await tokenOfABuyer();
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { advanceSeconds: 25 * 3600 } });
    try {
      const page = await post(token);
      expect(page.status).toBe(400);
      expect(page.html).toContain('expired');
      expect(await subscriptions()).toEqual([]);
    } finally {
      await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    }
  });

  it('a post without the token is refused with a page, not a stack trace', async () => {
    const page = await post(null);
    expect(page.status).toBe(400);
    expect(page.html).toContain('without the token');
  });
});
