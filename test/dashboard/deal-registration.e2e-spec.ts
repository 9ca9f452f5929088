import type { Page } from 'playwright-core';
import { startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { ADMIN_KEY, createCustomer, createPartner, freshWorld, registerDeal } from '../attribution/attribution-fixtures';
import { issueKey } from '../mdf/mdf-fixtures';
import { call } from '../http-client';
import { TENANT } from '../azure/azure-fixtures';
import { launchBrowser, screenshot, signIn } from './browser';

// A browser on a shared two-core machine: steps take seconds, not milliseconds.
jest.setTimeout(60_000);

const SUBSCRIPTION = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const PLAN = { subscriptionId: SUBSCRIPTION, publisherId: 'bridgepublisher', offerId: 'northwind-vm', planId: 'standard' };

/**
 * A deal registration in the browser, with the evidence of what the partner
 * deployed under it: the VM plan whose marketplace terms it accepted on its
 * customer's subscription (through the API, against the sandbox's Resource
 * Manager). The partner sees its own registration; alliance sees every one
 * with who registered it; another partner is told it does not exist.
 */
describe('Deal registration in the dashboard: the registration and its accepted Azure marketplace terms', () => {
  let stack: ProductStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let dealId: string;
  let keys: { contoso: string; tailspin: string; alliance: string };
  let agreementId: string;

  const as = async (key: string) => {
    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, key);
  };

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    await freshWorld(stack);
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    await call('POST', `${stack.sandboxUrl}/_sandbox/azure/marketplace-ordering/plans`, {
      body: { publisherId: 'bridgepublisher', offerId: 'northwind-vm', planId: 'standard' },
    });
    const contoso = await createPartner(stack, 'Contoso Deployments', 'GSI', '210987654321');
    const tailspin = await createPartner(stack, 'Tailspin Cloud', 'GSI', '310987654321');
    const fabrikam = await createCustomer(stack, 'Fabrikam', [{ cloud: 'AZURE', accountId: TENANT }]);
    dealId = await registerDeal(stack, contoso, fabrikam, 'SOURCED');
    keys = {
      contoso: await issueKey(stack, 'PARTNER', contoso),
      tailspin: await issueKey(stack, 'PARTNER', tailspin),
      alliance: await issueKey(stack, 'ALLIANCE'),
    };
    const accepted = await call<{ acceptance: { agreementId: string } }>(
      'POST',
      `${stack.apiUrl}/v1/deals/${dealId}/marketplace-terms/accept`,
      {
        key: keys.contoso,
        body: PLAN,
      },
    );
    expect(accepted.status).toBe(200);
    agreementId = accepted.body.acceptance.agreementId;
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the partner its registration with the plan whose terms it accepted: who, when, subscription, plan and agreement', async () => {
    await as(keys.contoso);
    const response = await page.goto(`${stack.apiUrl}/dashboard/deals/${dealId}`);
    expect(response?.status()).toBe(200);
    await screenshot(page, 'deal-registration-partner');
    expect(await page.getByTestId('deal-status').textContent()).toBe('PENDING');
    const row = page.getByTestId('marketplace-terms').getByTestId('terms-standard');
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(cells[0]).toMatch(/^api-key:/);
    expect(cells[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC on Azure \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(cells[2]).toBe(SUBSCRIPTION);
    expect(cells[3]).toBe('bridgepublisher / northwind-vm / standard virtualmachine');
    expect(cells[4]).toBe(agreementId);
    // The partner is not shown as a link to itself among other partners' pages.
    expect(await page.getByTestId('deal-summary').textContent()).not.toContain('Registered by');
  });

  it('shows alliance who registered it; another partner is told the registration does not exist', async () => {
    await as(keys.alliance);
    await page.goto(`${stack.apiUrl}/dashboard/deals/${dealId}`);
    expect(await page.getByTestId('deal-summary').textContent()).toContain('Registered by Contoso Deployments');
    expect(await page.getByTestId('agreement-id').textContent()).toBe(agreementId);

    await as(keys.tailspin);
    const refused = await page.goto(`${stack.apiUrl}/dashboard/deals/${dealId}`);
    expect(refused?.status()).toBe(404);
    expect(await page.content()).not.toContain(agreementId);
  });
});
