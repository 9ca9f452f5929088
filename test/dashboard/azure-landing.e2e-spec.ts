import { eventually, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, freshWorld } from '../attribution/attribution-fixtures';
import { azureAgreement, buyOnAzure, putAzureOffer, sandboxSubscription, TENANT } from '../azure/azure-fixtures';
import { launchBrowser, screenshot } from './browser';

// A browser on a shared two-core machine: steps take seconds, not milliseconds.
jest.setTimeout(60_000);

/**
 * The Azure SaaS landing page as the buyer meets it: Microsoft sends the
 * browser to the page with ?token=, the buyer reads what they bought and
 * presses Activate; a reload of the same link then says it is already active.
 */
describe('the Azure landing page, in headless Chromium', () => {
  let stack: ProductStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  beforeEach(async () => {
    await freshWorld(stack);
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    await putAzureOffer(stack);
  });

  it('shows the purchase, activates it on the press of a button, and says so again on a reload', async () => {
    const { subscriptionId, token } = await buyOnAzure(stack, 'gold', 5);
    const page = await browser.context.newPage();
    // The link as Microsoft builds it: the token URL-encoded in the query.
    await page.goto(`${stack.apiUrl}/marketplace/azure/landing?token=${encodeURIComponent(token)}`);
    await page.getByTestId('azure-confirm').waitFor();
    expect(await page.getByTestId('azure-offer').textContent()).toBe('Northwind Analytics');
    expect(await page.getByTestId('azure-plan').textContent()).toBe('gold');
    expect(await page.getByTestId('azure-quantity').textContent()).toBe('5');
    expect(await page.getByTestId('azure-tenant').textContent()).toBe(TENANT);
    await screenshot(page, 'azure-landing-confirm');
    expect((await sandboxSubscription(stack, subscriptionId)).saasSubscriptionStatus).toBe('PendingFulfillmentStart');

    await page.getByTestId('azure-activate').click();
    await page.getByTestId('azure-activated').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Your subscription is active');
    await screenshot(page, 'azure-landing-activated');
    expect((await sandboxSubscription(stack, subscriptionId)).saasSubscriptionStatus).toBe('Subscribed');
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.value_minor).toBe('125000'));

    await page.goto(`${stack.apiUrl}/marketplace/azure/landing?token=${encodeURIComponent(token)}`);
    expect(await page.locator('h1').textContent()).toBe('Your subscription is already active');
    expect(await page.getByTestId('azure-activate').count()).toBe(0);
    await page.close();
  });

  it('tells a buyer with a link Microsoft does not recognise what to do, with no button to press', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${stack.apiUrl}/marketplace/azure/landing?token=forged%2Btoken%3D%3D`);
    expect(response?.status()).toBe(400);
    expect(await page.getByTestId('azure-refused').textContent()).toContain('Configure Account');
    expect(await page.getByTestId('azure-activate').count()).toBe(0);
    await screenshot(page, 'azure-landing-refused');
    await page.close();
  });
});
