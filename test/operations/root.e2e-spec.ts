import { startProductStack, testConfig, type ProductStack } from '@bridge/testing';

/** What someone who knows only the host finds at `/`. */
describe('the root of the API', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig(), { workers: false });
  });
  afterAll(() => stack.stop());

  it('takes a browser to the dashboard, which asks it to sign in', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const root = await fetch(`${stack.apiUrl}/`, { headers: browser, redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dashboard');
    expect(root.headers.get('vary')).toMatch(/accept/i);

    const followed = await fetch(`${stack.apiUrl}/`, { headers: browser });
    expect(followed.url).toBe(`${stack.apiUrl}/dashboard/sign-in`);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toMatch(/<form[^>]+action="\/dashboard\/sign-in"/);
  });

  it.each([
    ['curl', { accept: '*/*' }],
    ['a JSON client', { accept: 'application/json' }],
    ['a client that says nothing', {}],
  ])('points %s at the docs with a short JSON answer, every link of which works', async (_client, headers) => {
    const root = await fetch(`${stack.apiUrl}/`, { headers, redirect: 'manual' });
    expect(root.status).toBe(200);
    const signposts = (await root.json()) as Record<string, string>;
    expect(signposts).toEqual({
      name: 'Marketplace Partner Bridge',
      docs: '/docs',
      openapi: '/docs-json',
      health: '/health',
      dashboard: '/dashboard',
    });
    for (const link of [signposts.docs, signposts.openapi, signposts.health]) {
      expect([link, (await fetch(`${stack.apiUrl}${link}`)).status]).toEqual([link, 200]);
    }
  });
});
