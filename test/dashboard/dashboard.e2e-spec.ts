import { readFileSync } from 'node:fs';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { bootstrapWorker } from '@bridge/queues';
import { eventually, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { DemoClient } from '../../apps/all-in-one/src/demo/demo-client';
import { feedPoller } from '../../apps/all-in-one/src/demo/demo-seed.runner';
import { seedDemo, type DemoOutcome } from '../../apps/all-in-one/src/demo/demo-story';
import { ListingSyncModule } from '../../apps/listing-sync/src/listing-sync.module';
import { MeteringModule } from '../../apps/metering/src/metering.module';
import { PrivateOffersModule } from '../../apps/private-offers/src/private-offers.module';
import { MarketplaceModule } from '@bridge/marketplace';
import { ReconciliationStandaloneModule } from '@bridge/reconciliation';
import { call } from '../http-client';
import { launchBrowser, screenshot, signIn } from './browser';

const ADMIN_KEY = 'e2e-dashboard-admin-key-0123456789';
const METRICS_TOKEN = 'e2e-dashboard-metrics-token-0123456789';
// A browser on a shared two-core machine: steps take seconds, not milliseconds.
jest.setTimeout(30_000);

/** What the demo's feed poller needs, as the all-in-one app's attribution bridge holds it: the engine and the bucket's client. */
@Module({})
class DemoFeedPollerModule {
  static forRoot(config: Parameters<typeof ReconciliationStandaloneModule.forRoot>[0]): DynamicModule {
    return { module: DemoFeedPollerModule, imports: [ReconciliationStandaloneModule.forRoot(config), MarketplaceModule] };
  }
}

describe('the dashboard, in headless Chromium, through the demo story', () => {
  let stack: ProductStack;
  let reconciliation: INestApplicationContext;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let demo: DemoOutcome;
  const partner = (name: string) => demo.partners.find((p) => p.name === name)!;

  beforeAll(async () => {
    const config = await testConfig({
      BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
      METRICS_TOKEN,
      CHANGE_SET_POLL_INTERVAL_MS: '300',
      METERING_TICK_MS: '500',
      METERING_SETTLE_SECONDS: '0',
    });
    await resetDatabase(config.DATABASE_URL);
    stack = await startProductStack(config, {
      extraWorkers: [(c) => MeteringModule.forRoot(c), (c) => PrivateOffersModule.forRoot(c), (c) => ListingSyncModule.forRoot(c)],
    });
    await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
    reconciliation = await bootstrapWorker(DemoFeedPollerModule.forRoot(config), config);
    demo = await seedDemo(new DemoClient(stack.apiUrl, stack.sandboxUrl, ADMIN_KEY), feedPoller(config, reconciliation), () => undefined);
    // Credit arrives through the queues: wait until the three partners are credited.
    await eventually(
      async () => {
        const csv = await fetch(`${stack.apiUrl}/dashboard/leaderboard.csv`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        expect((await csv.text()).trim().split('\r\n')).toHaveLength(4);
      },
      { timeoutMs: 30_000 },
    );
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await reconciliation?.close();
    await stack?.stop();
  });

  let page: Page;
  beforeEach(async () => {
    page = await browser.context.newPage();
  });
  afterEach(async () => {
    await page.context().clearCookies();
    await page.close();
  });

  it('signs sales ops in, opens a customer burn-down, a partner’s credits, and exports the credits as CSV', async () => {
    await page.goto(`${stack.apiUrl}/dashboard`);
    await page.fill('#key', 'not-a-key-at-all');
    await page.click('button[type=submit]');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/unknown or revoked/);

    await signIn(page, stack.apiUrl, ADMIN_KEY);
    await expect(page.getByTestId('leaderboard').textContent()).resolves.toMatch(
      /Tailspin Resale[\s\S]*Globex Integrators|Globex Integrators[\s\S]*Tailspin Resale/,
    );
    await expect(page.getByTestId('variances').textContent()).resolves.toMatch(/SHORT_PAID/);
    // The channel offer Contoso accepted is worth what Contoso agreed to pay.
    await expect(page.getByTestId('pipeline').textContent()).resolves.toMatch(/ACCEPTED\s*CHANNEL\s*1\s*75,600\.00 USD/);
    await screenshot(page, '1-overview-admin');

    await page.getByRole('link', { name: 'Contoso Retail' }).click();
    await page.waitForURL(/\/dashboard\/commitments\//);
    await expect(page.getByTestId('burndown-chart').locator('[data-series]').count()).resolves.toBe(4);
    // Tailspin's CPPO purchases drove part of what Contoso retired.
    const partnerDriven = await page.getByTestId('partner-driven').textContent();
    expect(partnerDriven).toMatch(/^[1-9][\d,]*\.\d\d USD$/);
    await screenshot(page, '2-burndown-contoso');

    await page.getByRole('link', { name: 'Tailspin Resale' }).first().click();
    await page.waitForURL(/\/dashboard\/partners\//);
    await expect(page.getByTestId('credit-total-SOURCED').textContent()).resolves.toMatch(/USD$/);
    await screenshot(page, '3-partner-credits-tailspin');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('credits-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^credits-tailspin-resale-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('occurred_at,source,engagement,cloud,agreement_id,share_bps,amount,currency,reason,credit_id');
    // Three CPPO purchases sent as revenue events and the channel agreement accepted in the marketplace.
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[6])
        .sort(),
    ).toEqual(['38000.00', '58500.00', '64000.00', '75600.00']);
    await page.goto(`${stack.apiUrl}/dashboard/commitments/${demo.commitments[0].id}`);
    const [burndownCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('burndown-csv').click()]);
    expect(readFileSync(await burndownCsv.path(), 'utf8').split('\r\n')[0]).toBe(
      'month,retired,cumulative,partner_driven_cumulative,remaining,currency',
    );
    await screenshot(page, '4-burndown-after-export');
  });

  it('shows a partner its own numbers and nothing of any other partner', async () => {
    const globex = partner('Globex Integrators');
    const tailspin = partner('Tailspin Resale');
    await signIn(page, stack.apiUrl, globex.key!);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Globex Integrators (partner)');
    const overview = (await page.locator('main').textContent())!;
    expect(overview).toContain('Globex Integrators');
    for (const other of ['Tailspin Resale', 'Fabrikam Data', 'Contoso Retail', 'Reconciliation']) expect(overview).not.toContain(other);
    await screenshot(page, '5-overview-partner-globex');

    const theirs = await page.goto(`${stack.apiUrl}/dashboard/partners/${tailspin.id}`);
    expect(theirs?.status()).toBe(404);
    expect(await page.locator('main').textContent()).not.toContain('Tailspin');
    expect((await page.goto(`${stack.apiUrl}/dashboard/commitments/${demo.commitments[0].id}`))?.status()).toBe(404);
    await screenshot(page, '6-partner-denied-other-partner');
    const csv = await page.request.get(`${stack.apiUrl}/dashboard/partners/${tailspin.id}/credits.csv`);
    expect(csv.status()).toBe(404);
    const own = await page.request.get(`${stack.apiUrl}/dashboard/partners/${globex.id}/credits.csv`);
    expect(own.status()).toBe(200);
    expect((await own.text()).trim().split('\r\n')).toHaveLength(2);
  });

  it('shows the demo’s Azure VM deployment: the plan’s accepted marketplace terms on Globex’s Woodgrove registration', async () => {
    const [registration] = demo.registrations;
    expect(registration).toMatchObject({ partner: 'Globex Integrators', customer: 'Woodgrove Bank' });
    await signIn(page, stack.apiUrl, partner('Globex Integrators').key!);
    expect((await page.goto(`${stack.apiUrl}/dashboard/deals/${registration.id}`))?.status()).toBe(200);
    expect(await page.getByTestId('deal-status').textContent()).toBe('APPROVED');
    const terms = (await page.getByTestId('terms-standard-vm').innerText()).replace(/\s+/g, ' ');
    expect(terms).toContain('northwindpublisher / northwind-appliance / standard-vm');
    expect(terms).toContain('8d2f4a6c-1b3e-4c5d-9e7f-0a1b2c3d4e5f');
    await screenshot(page, '9-registration-vm-terms');
    // Tailspin, another partner, is told the registration does not exist.
    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, partner('Tailspin Resale').key!);
    expect((await page.goto(`${stack.apiUrl}/dashboard/deals/${registration.id}`))?.status()).toBe(404);
  });

  it('shows market development funds with the revenue they produced, and a partner only its own', async () => {
    await signIn(page, stack.apiUrl, ADMIN_KEY);
    await page.getByRole('link', { name: 'MDF' }).click();
    await page.waitForURL(/\/dashboard\/mdf$/);
    await expect(page.getByTestId('mdf-budgets').textContent()).resolves.toMatch(
      /Globex Integrators\s*25,000\.00 USD\s*6,500\.00 USD\s*18,500\.00 USD/,
    );
    await expect(page.getByTestId('mdf-requests').getByTestId('mdf-status').textContent()).resolves.toBe('PAID');
    // By hand: Initech's 45,000.00 purchase after the dinner, credited to Globex, over the 6,500.00 paid for it.
    await expect(page.getByTestId('mdf-activity-roi').textContent()).resolves.toBe('6.9230');
    await expect(page.getByTestId('mdf-roi').textContent()).resolves.toMatch(/150,000\.00 USD\s*45,000\.00 USD\s*6,500\.00 USD/);
    await screenshot(page, '8-mdf-admin');

    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, partner('Globex Integrators').key!);
    await page.goto(`${stack.apiUrl}/dashboard/mdf`);
    await expect(page.getByTestId('mdf-available').innerText()).resolves.toBe('18,500.00 USD');
    await expect(page.getByTestId('mdf-activity-roi').textContent()).resolves.toBe('6.9230');
    expect(await page.getByTestId('mdf-budgets').count()).toBe(0);

    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, partner('Tailspin Resale').key!);
    await page.goto(`${stack.apiUrl}/dashboard/mdf`);
    const theirs = (await page.locator('main').textContent())!;
    expect(theirs).toContain('No MDF request yet.');
    expect(theirs).not.toContain('Initech');
  });

  it('shows customer success the accounts at risk with their reasons, and a partner its own book', async () => {
    await signIn(page, stack.apiUrl, ADMIN_KEY);
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.waitForURL(/\/dashboard\/accounts$/);
    const contoso = page.getByTestId('account-Contoso Retail');
    await expect(contoso.getByTestId('risk').allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^RENEWAL_DUE agreement .* ends \d{4}-\d\d-\d\d \(within (30|60) days\) and no renewal has been accepted$/),
      ]),
    );
    await expect(contoso.textContent()).resolves.toMatch(/Fabrikam Data/);
    // The pilot's 25 seats, bought and not yet used.
    await expect(contoso.getByTestId('included-seats').textContent()).resolves.toMatch(/seats: 0 of 25 \(0\.0%\)\s+under by 25/);
    await screenshot(page, '9-accounts-at-risk');

    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, partner('Tailspin Resale').key!);
    await page.goto(`${stack.apiUrl}/dashboard/accounts`);
    const book = (await page.locator('main').textContent())!;
    expect(book).toContain('Contoso Retail');
    expect(book).toMatch(/RENEWAL_DUE/);
    // Its book names no other partner, and holds no account it does not work.
    expect(book).not.toContain('Fabrikam');
    expect(book).not.toContain('Initech');
  });

  it('gives operators Prometheus metrics and, to admins only, Bull Board served from the product itself', async () => {
    const metrics = await (await fetch(`${stack.apiUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^bridge_queue_jobs\{queue="attribution",state="completed"\} [1-9]/m);
    expect(metrics).toMatch(/^bridge_job_duration_seconds_count\{queue="attribution",job="revenue-events\.received"\} [1-9]/m);
    expect(metrics).toMatch(/^bridge_credit_lines_written\{source="PURCHASE",currency="USD"\} [1-9]/m);
    expect(metrics).toMatch(/^bridge_metering_hours\{result="[A-Z]+"\} [1-9]/m);

    const outside: string[] = [];
    // Bull Board's page names a Google web font; the CSP must keep the browser from fetching it.
    page.on('response', (response) => {
      if (!response.url().startsWith(stack.apiUrl)) outside.push(response.url());
    });
    await signIn(page, stack.apiUrl, partner('Globex Integrators').key!);
    expect((await page.goto(`${stack.apiUrl}/admin/queues`))?.status()).toBe(403);
    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, ADMIN_KEY);
    await page.goto(`${stack.apiUrl}/admin/queues`);
    await page.getByText('attribution', { exact: false }).first().waitFor();
    await screenshot(page, '7-bull-board-admin');
    expect(outside).toEqual([]);
  });
});
