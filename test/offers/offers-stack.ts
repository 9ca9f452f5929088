import { DescribeChangeSetCommand, ListChangeSetsCommand, MarketplaceCatalogClient } from '@aws-sdk/client-marketplace-catalog';
import type { INestApplicationContext } from '@nestjs/common';
import { bootstrapWorker } from '@bridge/queues';
import { eventually, queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { ListingSyncModule } from '../../apps/listing-sync/src/listing-sync.module';
import { PrivateOffersModule } from '../../apps/private-offers/src/private-offers.module';
import { call } from '../http-client';

// Starting the apps and two workers, then waiting on change sets, outlasts Jest's 5 s default on a busy machine.
jest.setTimeout(120_000);

export const ADMIN_KEY = 'e2e-offers-admin-key-0123456789';
/** The sandbox's default seller: the ISV, whose keys the product uses. */
export const ISV_ACCOUNT = '111122223333';
export const PRODUCT_ID = 'prod-analytics01';

/** The product stack plus the two workers of this subject. */
export async function startOffersStack(): Promise<ProductStack & { workers: INestApplicationContext[] }> {
  const config = await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, CHANGE_SET_POLL_INTERVAL_MS: '500' });
  const stack = await startProductStack(config);
  const workers = [
    await bootstrapWorker(PrivateOffersModule.forRoot(config), config),
    await bootstrapWorker(ListingSyncModule.forRoot(config), config),
  ];
  return {
    ...stack,
    workers,
    async stop() {
      for (const w of workers) await w.close();
      await stack.stop();
    },
  };
}

export type OffersStack = Awaited<ReturnType<typeof startOffersStack>>;

/**
 * For one describe block: the stack, started once, and for each test an
 * empty world with its imported listing (read `world.stack`, `world.listingId`).
 */
export function offersWorld(): { stack: OffersStack; listingId: string } {
  const world = {} as { stack: OffersStack; listingId: string };
  beforeAll(async () => {
    world.stack = await startOffersStack();
  });
  afterAll(() => world.stack.stop());
  beforeEach(async () => {
    world.listingId = (await freshWorld(world.stack)).listingId;
  });
  return world;
}

/** An empty product and sandbox, the admin key, and one seeded product imported as a listing. */
export async function freshWorld(stack: ProductStack): Promise<{ listingId: string }> {
  await resetDatabase(stack.config.DATABASE_URL);
  await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
  await queryDatabase(
    stack.config.DATABASE_URL,
    `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), 'e2e', 'ADMIN')`,
    [ADMIN_KEY],
  );
  const seeded = await call('POST', `${stack.sandboxUrl}/_sandbox/aws/products`, {
    body: {
      productId: PRODUCT_ID,
      productCode: 'analytics-code',
      title: 'Northwind Analytics',
      dimensions: [
        { key: 'api_calls', name: 'API calls', unit: 'Requests', price: '0.10' },
        { key: 'seats', name: 'Seats', unit: 'Users', price: '25.00' },
      ],
    },
  });
  expect(seeded.status).toBe(201);
  expect((await call('POST', `${stack.apiUrl}/v1/listings/sync`, { key: ADMIN_KEY, body: {} })).status).toBe(202);
  const listingId = await eventually(async () => {
    const listings = await call<{ listings: { id: string; productId: string; dimensions: unknown[] }[] }>(
      'GET',
      `${stack.apiUrl}/v1/listings`,
      { key: ADMIN_KEY },
    );
    const listing = listings.body.listings.find((l) => l.productId === PRODUCT_ID);
    expect(listing?.dimensions).toHaveLength(2);
    return listing!.id;
  });
  return { listingId };
}

export async function createPartner(
  stack: ProductStack,
  name: string,
  persona: string,
  account: string,
): Promise<{ id: string; key: string }> {
  const created = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/partners`, {
    key: ADMIN_KEY,
    body: { name, persona, cloudAccounts: [{ cloud: 'AWS', accountId: account }] },
  });
  expect(created.status).toBe(201);
  const issued = await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
    key: ADMIN_KEY,
    body: { name: `${name} portal`, role: 'PARTNER', partnerId: created.body.id },
  });
  expect(issued.status).toBe(201);
  return { id: created.body.id, key: issued.body.key };
}

/** The Catalog API of the sandbox, as one seller account calls it. */
function catalogClient(stack: ProductStack, accountId: string): MarketplaceCatalogClient {
  return new MarketplaceCatalogClient({
    endpoint: stack.sandboxUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: accountId === ISV_ACCOUNT ? stack.config.AWS_ACCESS_KEY_ID : accountId, secretAccessKey: 'x' },
  });
}

/** The change sets the sandbox has seen from one seller account, through the Catalog API itself. */
export async function marketplaceChangeSets(stack: ProductStack, accountId = ISV_ACCOUNT): Promise<string[]> {
  const client = catalogClient(stack, accountId);
  try {
    const out = await client.send(new ListChangeSetsCommand({ Catalog: 'AWSMarketplace' }));
    return (out.ChangeSetSummaryList ?? []).map((c) => c.ChangeSetId ?? '');
  } finally {
    client.destroy();
  }
}

/** The changes of one change set as the marketplace received them (DescribeChangeSet), details as a document. */
export async function sentChanges(
  stack: ProductStack,
  changeSetId: string,
  accountId = ISV_ACCOUNT,
): Promise<{ ChangeType: string; ChangeName?: string; DetailsDocument: unknown }[]> {
  const client = catalogClient(stack, accountId);
  try {
    const out = await client.send(new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: changeSetId }));
    return (out.ChangeSet ?? []).map((c) => ({
      ChangeType: c.ChangeType!,
      ...(c.ChangeName ? { ChangeName: c.ChangeName } : {}),
      DetailsDocument: c.DetailsDocument ?? JSON.parse(c.Details ?? '{}'),
    }));
  } finally {
    client.destroy();
  }
}

export const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
