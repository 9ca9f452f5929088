import { queryDatabase, resetDatabase, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
export const ISV_ACCOUNT = '123456789012';

/** An empty product and sandbox with the admin key in place: the start of every attribution test. */
export async function freshWorld(stack: ProductStack): Promise<void> {
  await resetDatabase(stack.config.DATABASE_URL);
  await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
  await storeAdminKey(stack);
}

/** The admin key, stored hashed as the bootstrap would (the database is emptied between tests). */
export async function storeAdminKey(stack: ProductStack): Promise<void> {
  await queryDatabase(
    stack.config.DATABASE_URL,
    `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), 'e2e', 'ADMIN')`,
    [ADMIN_KEY],
  );
}

export async function createPartner(stack: ProductStack, name: string, persona: string, awsAccount: string): Promise<string> {
  const created = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/partners`, {
    key: ADMIN_KEY,
    body: { name, persona, cloudAccounts: [{ cloud: 'AWS', accountId: awsAccount }] },
  });
  if (created.status !== 201) throw new Error(`partner not created: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

export async function createCustomer(
  stack: ProductStack,
  name: string,
  accounts: { cloud: string; accountId: string }[],
  strategic = false,
): Promise<string> {
  const created = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/customers`, {
    key: ADMIN_KEY,
    body: { name, strategic, cloudAccounts: accounts },
  });
  if (created.status !== 201) throw new Error(`customer not created: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

export async function registerDeal(
  stack: ProductStack,
  partnerId: string,
  customerId: string,
  engagement: 'SOURCED' | 'INFLUENCED',
): Promise<string> {
  const deal = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/deals`, {
    key: ADMIN_KEY,
    body: { partnerId, customerId, engagement, estimatedValue: '100000.00', currency: 'USD' },
  });
  if (deal.status !== 201) throw new Error(`deal not registered: ${JSON.stringify(deal.body)}`);
  return deal.body.id;
}

/** A buyer accepts an offer in the sandbox; a channel offer when a resale authorization is given. */
export async function acceptOffer(
  stack: ProductStack,
  input: { buyer: string; proposer?: string; value: string; resaleAuthorizationId?: string; productId?: string },
): Promise<string> {
  const accepted = await call<{ agreementId?: string; id?: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
    body: {
      offerId: `offer-${input.value}-${input.buyer}`,
      acceptorAccountId: input.buyer,
      proposerAccountId: input.proposer ?? ISV_ACCOUNT,
      manufacturerAccountId: ISV_ACCOUNT,
      productId: input.productId ?? 'prod-analytics',
      resaleAuthorizationId: input.resaleAuthorizationId,
      agreementValue: input.value,
      currency: 'USD',
    },
  });
  if (accepted.status !== 201) throw new Error(`offer not accepted: ${JSON.stringify(accepted.body)}`);
  return (accepted.body.agreementId ?? accepted.body.id) as string;
}

export interface CreditView {
  entries: { amountMinor: string; engagement: string; source: string; reason: string; agreementId: string | null }[];
  totals: { amountMinor: string; engagement: string }[];
}

export const creditsOf = (stack: ProductStack, partnerId: string, key = ADMIN_KEY) =>
  call<CreditView>('GET', `${stack.apiUrl}/v1/partners/${partnerId}/credits`, { key });

/** Waits until every stored marketplace and revenue event is processed. */
export async function allEventsProcessed(stack: ProductStack): Promise<void> {
  const [{ pending }] = await queryDatabase<{ pending: string }>(
    stack.config.DATABASE_URL,
    `SELECT (SELECT count(*) FROM marketplace_event WHERE processed_at IS NULL AND parked_at IS NULL) + (SELECT count(*) FROM revenue_event WHERE processed_at IS NULL) AS pending`,
  );
  if (pending !== '0') throw new Error(`${pending} events still unprocessed`);
}

/** The recorded attribution decision of an AWS agreement, once the bridge made it. */
export async function decisionFor(stack: ProductStack, agreementId: string): Promise<{ winner: string; reason: string }> {
  const rows = await queryDatabase<{ winner: string; reason: string }>(
    stack.config.DATABASE_URL,
    'SELECT winner, reason FROM attribution_decision WHERE subject_key = $1',
    [`agreement:AWS:${agreementId}`],
  );
  if (rows.length === 0) throw new Error(`no decision yet for ${agreementId}`);
  return rows[0];
}
