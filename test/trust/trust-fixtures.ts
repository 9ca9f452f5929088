import { randomUUID } from 'node:crypto';
import { queryDatabase } from '@bridge/testing';
import { call } from '../http-client';

export const ROLES = ['ADMIN', 'ALLIANCE', 'FINANCE', 'PARTNER', 'READ_ONLY'] as const;
export type Role = (typeof ROLES)[number];

/** One partner's things, made through the API where it can make them, else straight into the tables. */
export interface PartnerWorld {
  partnerId: string;
  dealId: string;
  offerId: string;
  resaleAuthorizationId: string;
  /** A channel agreement the partner proposed (as its reseller): its to replace. */
  agreementId: string;
  /** A market development funds request of the partner's. */
  mdfRequestId: string;
}

export interface TrustWorld {
  keys: Record<Role, string>;
  /** The PARTNER key belongs to `own`; `other` is another partner's world it must never see. */
  own: PartnerWorld;
  other: PartnerWorld;
}

/** A valid MDF request (its target customers aside). */
export const MDF_REQUEST_BODY = {
  kind: 'WORKSHOP',
  title: 'Fixture workshop',
  plan: 'A half-day workshop for the buyer’s data team',
  targetSegment: 'retail',
  amount: '5000.00',
  startsAt: '2099-01-10T00:00:00Z',
  endsAt: '2099-01-11T00:00:00Z',
};

/** Stores the admin key (hashed) the way the bootstrap does, for a freshly emptied database. */
export async function storeAdminKey(databaseUrl: string, key: string): Promise<void> {
  await queryDatabase(
    databaseUrl,
    `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), $2, 'ADMIN')`,
    [key, key.slice(0, 8)],
  );
}

export async function buildTrustWorld(apiUrl: string, databaseUrl: string, adminKey: string): Promise<TrustWorld> {
  const listingId = randomUUID();
  await queryDatabase(
    databaseUrl,
    `INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES ($1, 'AWS', $2, 'Trust fixture listing', now())`,
    [listingId, `prod-${listingId.slice(0, 8)}`],
  );
  const customer = await call<{ id: string }>('POST', `${apiUrl}/v1/customers`, {
    key: adminKey,
    body: { name: 'Trust Buyer', cloudAccounts: [{ cloud: 'AWS', accountId: '999988887777' }] },
  });
  if (customer.status !== 201) throw new Error(`customer fixture: ${customer.status} ${JSON.stringify(customer.body)}`);
  const partnerWorld = async (name: string, account: string): Promise<PartnerWorld> => {
    const partner = await call<{ id: string }>('POST', `${apiUrl}/v1/partners`, {
      key: adminKey,
      body: { name, persona: 'RESELLER', cloudAccounts: [{ cloud: 'AWS', accountId: account }] },
    });
    if (partner.status !== 201) throw new Error(`partner fixture: ${partner.status} ${JSON.stringify(partner.body)}`);
    const partnerId = partner.body.id;
    const deal = await call<{ id: string }>('POST', `${apiUrl}/v1/deals`, {
      key: adminKey,
      body: { partnerId, customerId: customer.body.id, engagement: 'SOURCED', estimatedValue: '1000.00' },
    });
    if (deal.status !== 201) throw new Error(`deal fixture: ${deal.status} ${JSON.stringify(deal.body)}`);
    const resaleAuthorizationId = randomUUID();
    await queryDatabase(
      databaseUrl,
      `INSERT INTO resale_authorization (id, cloud, listing_id, reseller_partner_id, reseller_account_id, name, prices, duration_months, eula, expires_at, created_by, updated_at)
       VALUES ($1, 'AWS', $2, $3, $4, 'fixture grant', '[{"key":"users","price":"1.00"}]', 12, '{"type":"StandardEula"}', now() + interval '1 year', 'trust-test', now())`,
      [resaleAuthorizationId, listingId, partnerId, account],
    );
    const offerId = randomUUID();
    await queryDatabase(
      databaseUrl,
      `INSERT INTO offer (id, cloud, kind, listing_id, partner_id, buyer_accounts, expires_at, updated_at)
       VALUES ($1, 'AWS', 'PRIVATE', $2, $3, ARRAY['999988887777'], now() + interval '30 days', now())`,
      [offerId, listingId, partnerId],
    );
    await queryDatabase(
      databaseUrl,
      `INSERT INTO offer_terms (offer_id, name, pricing_model, prices, duration_months, eula, created_by) VALUES ($1, 'fixture offer', 'Usage', '[{"key":"users","price":"1.00"}]', 12, '{"type":"StandardEula"}', 'trust-test')`,
      [offerId],
    );
    const agreementId = randomUUID();
    await queryDatabase(
      databaseUrl,
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id, resale_authorization_id, intent, status, value_minor, currency, accepted_at, updated_at)
       VALUES ($1, 'AWS', $2, $3, $4, '999988887777', $5, $6, 'NEW', 'ACTIVE', 100000, 'USD', now(), now())`,
      [
        agreementId,
        `agmt-${agreementId.replace(/-/g, '').slice(0, 25)}`,
        `offer-${agreementId.slice(0, 13)}`,
        `prod-${listingId.slice(0, 8)}`,
        account,
        `resaleauthz-${agreementId.slice(0, 13)}`,
      ],
    );
    const mdf = await call<{ id: string }>('POST', `${apiUrl}/v1/mdf/requests`, {
      key: adminKey,
      body: { partnerId, ...MDF_REQUEST_BODY, targetCustomerIds: [customer.body.id] },
    });
    if (mdf.status !== 201) throw new Error(`MDF request fixture: ${mdf.status} ${JSON.stringify(mdf.body)}`);
    return { partnerId, dealId: deal.body.id, offerId, resaleAuthorizationId, agreementId, mdfRequestId: mdf.body.id };
  };
  const own = await partnerWorld('Own Partner', '111100002222');
  const other = await partnerWorld('Other Partner', '333300004444');
  const keys = { ADMIN: adminKey } as Record<Role, string>;
  for (const role of ROLES.filter((r) => r !== 'ADMIN')) {
    const issued = await call<{ key: string }>('POST', `${apiUrl}/v1/api-keys`, {
      key: adminKey,
      body: { name: `trust ${role}`, role, ...(role === 'PARTNER' ? { partnerId: own.partnerId } : {}) },
    });
    if (issued.status !== 201) throw new Error(`key fixture: ${issued.status} ${JSON.stringify(issued.body)}`);
    keys[role] = issued.body.key;
  }
  return { keys, own, other };
}
