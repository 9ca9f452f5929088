import type { Page } from 'playwright-core';
import { queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { ADMIN_KEY, createCustomer, createPartner, freshWorld, registerDeal } from '../attribution/attribution-fixtures';
import { createBudget, issueKey, requestFunds, thisQuarter } from '../mdf/mdf-fixtures';
import { launchBrowser, screenshot, signIn } from './browser';

// A browser on a shared two-core machine: steps take seconds, not milliseconds.
jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
const PROOF = Buffer.from('%PDF-1.4\n% attendee list of the Initech roadshow\n');

/**
 * Market development funds in the browser: a partner requests funds and
 * claims with proof, alliance decides, finance pays, each through the
 * dashboard's forms; another partner sees none of it.
 */
describe('MDF in the dashboard: request, decide, claim with proof, pay', () => {
  let stack: ProductStack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let keys: { globex: string; fabrikam: string; alliance: string; finance: string };

  const url = (path: string) => `${stack.apiUrl}${path}`;
  const as = async (key: string) => {
    await page.context().clearCookies();
    await signIn(page, stack.apiUrl, key);
  };
  const requestIds = async () =>
    (await queryDatabase<{ id: string }>(stack.config.DATABASE_URL, 'SELECT id::text FROM mdf_request ORDER BY created_at')).map(
      (r) => r.id,
    );
  const status = () => page.getByTestId('mdf-request').getByTestId('mdf-status').textContent();

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ MDF_ATTACHMENT_MAX_BYTES: '4096' }), { workers: false });
    await freshWorld(stack);
    const globex = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const fabrikam = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: '710000000001' }]);
    await registerDeal(stack, globex, initech, 'SOURCED');
    await createBudget(stack, { period: thisQuarter(), partnerId: globex, amount: '10000.00' });
    keys = {
      globex: await issueKey(stack, 'PARTNER', globex),
      fabrikam: await issueKey(stack, 'PARTNER', fabrikam),
      alliance: await issueKey(stack, 'ALLIANCE'),
      finance: await issueKey(stack, 'FINANCE'),
    };
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('takes a request from the partner’s form through partial approval, a claim with uploaded proof, its approval and payment', async () => {
    await as(keys.globex);
    await page.getByRole('link', { name: 'MDF' }).click();
    const form = page.getByTestId('mdf-request-form');
    await form.locator('[name=kind]').selectOption('EVENT');
    await form.locator('[name=title]').fill('Initech retail roadshow');
    await form.locator('[name=plan]').fill('Two city events for Initech’s data leaders, with a hands-on lab');
    await form.locator('[name=targetCustomerIds]').selectOption({ label: 'Initech' });
    await form.locator('[name=startsAt]').fill(isoDay(-1));
    await form.locator('[name=endsAt]').fill(isoDay(0));
    // An amount that is not money is refused, naming the field; nothing is stored.
    await form.locator('[name=amount]').fill('lots');
    await form.getByRole('button', { name: 'Request funds' }).click();
    await expect(page.getByTestId('form-problem').textContent()).resolves.toMatch(/amount: must be a non-negative decimal amount/);
    expect(await requestIds()).toEqual([]);

    await page.goBack();
    await form.locator('[name=amount]').fill('12000.00');
    await Promise.all([
      page.waitForURL(/\/dashboard\/mdf\/requests\/[0-9a-f-]{36}$/),
      form.getByRole('button', { name: 'Request funds' }).click(),
    ]);
    const [id] = await requestIds();
    expect(page.url()).toBe(url(`/dashboard/mdf/requests/${id}`));
    await expect(status()).resolves.toBe('SUBMITTED');
    await expect(page.getByTestId('mdf-request').textContent()).resolves.toContain('Initech');
    // A partner does not decide its own request.
    expect(await page.getByTestId('mdf-decide').count()).toBe(0);

    // Alliance approves part of it: the budget has 10,000.00, and the partner asked for 12,000.00.
    await as(keys.alliance);
    await page.goto(url(`/dashboard/mdf/requests/${id}`));
    const decide = page.getByTestId('mdf-decide');
    await decide.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByTestId('form-problem').textContent()).resolves.toMatch(/more than the budget has left|budget/);
    await expect(status()).resolves.toBe('SUBMITTED');
    await decide.locator('[name=amount]').fill('8000.00');
    await decide.locator('[name=reason]').fill('Capped at this quarter’s plan');
    await decide.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(status()).resolves.toBe('APPROVED');
    await expect(page.getByTestId('mdf-approved').textContent()).resolves.toBe('8,000.00 USD');
    await screenshot(page, 'mdf-1-approved-partly');

    // The partner claims less than approved, with the attendee list as proof.
    await as(keys.globex);
    await page.goto(url(`/dashboard/mdf/requests/${id}`));
    const claim = page.getByTestId('mdf-claim-form');
    await claim.locator('[name=amount]').fill('7500.00');
    await claim.locator('[name=leadsReached]').fill('40');
    await claim.locator('[name=customersReached]').fill('3');
    await claim.locator('[name=summary]').fill('Both events held; 40 leads, 3 accounts in follow-up');
    await claim.locator('[name=proof]').setInputFiles({ name: 'attendees.pdf', mimeType: 'application/pdf', buffer: PROOF });
    await claim.getByRole('button', { name: 'Claim' }).click();
    await expect(status()).resolves.toBe('CLAIMED');
    await expect(page.getByTestId('mdf-proof').textContent()).resolves.toContain('attendees.pdf');
    const download = await page.request.get(url(await page.getByTestId('mdf-proof').getByRole('link').getAttribute('href').then(String)));
    expect([download.status(), download.headers()['content-disposition'], (await download.body()).equals(PROOF)]).toEqual([
      200,
      'attachment; filename="attendees.pdf"',
      true,
    ]);
    // A file over MDF_ATTACHMENT_MAX_BYTES is refused with a page saying so, and not stored.
    const more = page.getByTestId('mdf-proof-form');
    await more.locator('[name=proof]').setInputFiles({ name: 'video.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(5000, 1) });
    await more.getByRole('button', { name: 'Attach' }).click();
    await expect(page.getByTestId('form-problem').textContent()).resolves.toMatch(/too large/i);
    await page.goto(url(`/dashboard/mdf/requests/${id}`));
    expect(await page.getByTestId('mdf-proof').getByRole('listitem').count()).toBe(1);
    await screenshot(page, 'mdf-2-claimed-with-proof');

    // Alliance approves the claim as claimed; finance marks it paid.
    await as(keys.alliance);
    await page.goto(url(`/dashboard/mdf/requests/${id}`));
    await page.getByTestId('mdf-claim-decide').getByRole('button', { name: 'Approve the claim' }).click();
    await expect(page.getByTestId('mdf-claim-status').textContent()).resolves.toBe('APPROVED');
    await expect(page.getByTestId('mdf-claim-approved').textContent()).resolves.toBe('7,500.00 USD');

    await as(keys.finance);
    await page.goto(url(`/dashboard/mdf/requests/${id}`));
    expect(await page.getByTestId('mdf-claim-decide').count()).toBe(0);
    await page.getByTestId('mdf-pay').locator('[name=paymentReference]').fill('PAY-2026-0042');
    await page.getByTestId('mdf-pay').getByRole('button').click();
    await expect(status()).resolves.toBe('PAID');
    await expect(page.getByTestId('mdf-paid').textContent()).resolves.toContain('PAY-2026-0042');
    expect(await page.getByTestId('mdf-pay').count()).toBe(0);
    await screenshot(page, 'mdf-3-paid');

    // Each step is audited, by whom it was taken.
    const audit = await queryDatabase<{ action: string }>(
      stack.config.DATABASE_URL,
      `SELECT action FROM audit_entry WHERE entity_type = 'mdf_request' AND entity_id = $1 ORDER BY at`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'mdf.request.submitted',
      'mdf.request.approved',
      'mdf.claim.submitted',
      'mdf.claim.proof-attached',
      'mdf.claim.approved',
      'mdf.claim.paid',
    ]);
  });

  it('lets alliance ask for changes and reject with a reason, and refuses a rejection without one', async () => {
    const changes = await requestFunds(stack, keys.globex, { amount: '500.00', title: 'Partner lunch' });
    const rejected = await requestFunds(stack, keys.globex, { amount: '700.00', title: 'Swag' });
    await as(keys.alliance);

    await page.goto(url(`/dashboard/mdf/requests/${changes.id}`));
    await page.getByTestId('mdf-decide').locator('[name=reason]').fill('Name the target accounts');
    await page.getByTestId('mdf-decide').getByRole('button', { name: 'Ask for changes' }).click();
    await expect(status()).resolves.toBe('CHANGES_REQUESTED');
    await expect(page.getByTestId('mdf-decision').textContent()).resolves.toContain('Name the target accounts');

    await page.goto(url(`/dashboard/mdf/requests/${rejected.id}`));
    await page.getByTestId('mdf-decide').getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByTestId('form-problem').textContent()).resolves.toMatch(/reason/);
    await expect(status()).resolves.toBe('SUBMITTED');
    await page.getByTestId('mdf-decide').locator('[name=reason]').fill('Merchandise is not co-marketing');
    await page.getByTestId('mdf-decide').getByRole('button', { name: 'Reject' }).click();
    await expect(status()).resolves.toBe('REJECTED');
  });

  it('shows another partner none of Globex’s requests, and refuses its posts and posts without the session’s token', async () => {
    const [id] = await requestIds();
    await as(keys.fabrikam);
    await page.goto(url('/dashboard/mdf'));
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('No MDF request yet.');
    for (const hidden of ['Initech retail roadshow', 'Globex', 'Partner lunch']) expect(main).not.toContain(hidden);
    expect((await page.goto(url(`/dashboard/mdf/requests/${id}`)))?.status()).toBe(404);
    expect(await page.locator('main').textContent()).not.toContain('Initech');
    await page.goto(url('/dashboard/mdf'));
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const proof = await page.request.post(url(`/dashboard/mdf/requests/${id}/claim/proof`), {
      multipart: { csrf, proof: { name: 'x.pdf', mimeType: 'application/pdf', buffer: PROOF } },
      maxRedirects: 0,
    });
    expect(proof.status()).toBe(404);

    // Without the session's CSRF token a post changes nothing, whoever's browser sends it.
    await as(keys.alliance);
    const [, , rejected] = await requestIds();
    const fresh = await requestFunds(stack, ADMIN_KEY, { amount: '100.00', title: 'Cross-site', partnerId: await partnerOf(rejected) });
    const forged = await page.request.post(url(`/dashboard/mdf/requests/${fresh.id}/decision`), {
      form: { decision: 'approve' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    await page.goto(url(`/dashboard/mdf/requests/${fresh.id}`));
    await expect(status()).resolves.toBe('SUBMITTED');
  });

  it('lets alliance request funds for the partner it picks, through the same service and audit, and refuses a request naming no partner', async () => {
    // A partner's form requests for itself: it offers no partner to pick.
    await as(keys.globex);
    await page.goto(url('/dashboard/mdf'));
    expect(await page.getByTestId('mdf-request-form').locator('[name=partnerId]').count()).toBe(0);

    await as(keys.alliance);
    await page.goto(url('/dashboard/mdf'));
    const form = page.getByTestId('mdf-request-form');
    await expect(form.getByRole('heading').textContent()).resolves.toBe('Request funds for a partner');
    const before = await requestIds();
    // Posted without a partner (the browser would not submit the form so): refused naming the field, nothing stored.
    const csrf = await form.locator('input[name=csrf]').inputValue();
    const unnamed = await page.request.post(url('/dashboard/mdf/requests'), {
      form: {
        csrf,
        kind: 'WORKSHOP',
        title: 'Nameless',
        plan: 'A workshop',
        targetSegment: 'retail',
        amount: '900.00',
        startsAt: isoDay(1),
        endsAt: isoDay(2),
      },
      maxRedirects: 0,
    });
    expect(unnamed.status()).toBe(400);
    expect(await unnamed.text()).toMatch(/<strong>partnerId<\/strong>: required when staff request funds for a partner/);
    expect(await requestIds()).toEqual(before);

    await form.locator('[name=partnerId]').selectOption({ label: 'Globex Integrators' });
    await form.locator('[name=kind]').selectOption('WORKSHOP');
    await form.locator('[name=title]').fill('Initech data workshop');
    await form.locator('[name=plan]').fill('A hands-on day for Initech’s analysts, run by Globex');
    await form.locator('[name=targetCustomerIds]').selectOption({ label: 'Initech' });
    await form.locator('[name=amount]').fill('900.00');
    await form.locator('[name=startsAt]').fill(isoDay(7));
    await form.locator('[name=endsAt]').fill(isoDay(8));
    await Promise.all([
      page.waitForURL(/\/dashboard\/mdf\/requests\/[0-9a-f-]{36}$/),
      form.getByRole('button', { name: 'Request funds' }).click(),
    ]);
    const id = page.url().split('/').pop()!;
    await expect(status()).resolves.toBe('SUBMITTED');
    await expect(page.getByTestId('mdf-request').textContent()).resolves.toContain('Globex Integrators');
    const [stored] = await queryDatabase<{ partner_id: string; amount: string }>(
      stack.config.DATABASE_URL,
      'SELECT partner_id::text, requested_minor::text AS amount FROM mdf_request WHERE id = $1',
      [id],
    );
    expect(stored).toEqual({ partner_id: await partnerOf((await requestIds())[0]), amount: '90000' });
    // The audit says alliance submitted it, for Globex.
    const audit = await queryDatabase<{ actor: string; action: string }>(
      stack.config.DATABASE_URL,
      `SELECT actor, action FROM audit_entry WHERE entity_type = 'mdf_request' AND entity_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ actor: expect.stringContaining('mdf ALLIANCE'), action: 'mdf.request.submitted' }]);
    // Globex sees the request made for it and may act on it.
    await as(keys.globex);
    expect((await page.goto(url(`/dashboard/mdf/requests/${id}`)))?.status()).toBe(200);
  });

  async function partnerOf(requestId: string): Promise<string> {
    const [row] = await queryDatabase<{ partner_id: string }>(
      stack.config.DATABASE_URL,
      'SELECT partner_id::text FROM mdf_request WHERE id = $1',
      [requestId],
    );
    return row.partner_id;
  }
});
