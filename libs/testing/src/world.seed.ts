import { queryDatabase } from './database-cleaner';

export interface WorldShape {
  resellers: number;
  gsis: number;
  customers: number;
  /** 7-digit prefixes of the 12-digit AWS account ids: reseller, GSI, customer. */
  resellerPrefix: string;
  gsiPrefix: string;
  customerPrefix: string;
  /** Every n-th customer gets a GSI's approved sourced registration, valid for most of a year. */
  registrationEvery: number;
}

/** The AWS account id of the i-th reseller, GSI or customer of a world. */
export const worldAccount = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;

/**
 * Partners, customers and approved registrations in bulk (SQL, not the API),
 * for benchmarks and fault runs that measure the product, not its seeding.
 */
export async function seedWorld(databaseUrl: string, shape: WorldShape): Promise<void> {
  await queryDatabase(
    databaseUrl,
    `WITH p AS (
       INSERT INTO partner (id, name, persona)
       SELECT gen_random_uuid(), 'Reseller ' || i, 'RESELLER'::"PartnerPersona" FROM generate_series(0, $1::int - 1) i
       UNION ALL SELECT gen_random_uuid(), 'GSI ' || i, 'GSI'::"PartnerPersona" FROM generate_series(0, $2::int - 1) i
       RETURNING id, name)
     INSERT INTO partner_cloud_account (id, partner_id, cloud, account_id)
     SELECT gen_random_uuid(), id, 'AWS'::"Cloud", CASE WHEN name LIKE 'Reseller%' THEN $3 ELSE $4 END || lpad(split_part(name, ' ', 2), 5, '0') FROM p`,
    [shape.resellers, shape.gsis, shape.resellerPrefix, shape.gsiPrefix],
  );
  await queryDatabase(
    databaseUrl,
    `WITH c AS (INSERT INTO customer (id, name) SELECT gen_random_uuid(), 'Customer ' || i FROM generate_series(0, $1::int - 1) i RETURNING id, name)
     INSERT INTO customer_cloud_account (id, customer_id, cloud, account_id)
     SELECT gen_random_uuid(), id, 'AWS'::"Cloud", $2 || lpad(split_part(name, ' ', 2), 5, '0') FROM c`,
    [shape.customers, shape.customerPrefix],
  );
  await queryDatabase(
    databaseUrl,
    `INSERT INTO deal_registration (id, partner_id, customer_id, engagement, status, estimated_value_minor, currency, registered_at, decided_at, expires_at)
     SELECT gen_random_uuid(), p.partner_id, c.customer_id, 'SOURCED'::"Engagement", 'APPROVED'::"DealStatus", 10000000, 'USD',
            now() - interval '30 days', now() - interval '29 days' + (i || ' seconds')::interval, now() + interval '300 days'
     FROM generate_series(0, $1::int - 1, $2::int) i
     JOIN customer_cloud_account c ON c.account_id = $3 || lpad(i::text, 5, '0')
     JOIN partner_cloud_account p ON p.account_id = $4 || lpad((i % $5::int)::text, 5, '0')`,
    [shape.customers, shape.registrationEvery, shape.customerPrefix, shape.gsiPrefix, shape.gsis],
  );
}

/**
 * The partner account a sale in a seeded world must credit in full, by the
 * default rules and nothing the product decided: the reseller of a channel
 * sale keeps it all; otherwise the GSI holding the customer's sourced
 * registration (every registrationEvery-th customer, GSI number customer %
 * gsis, as seeded above); otherwise nobody, direct sales keep it.
 */
export function worldCreditee(shape: WorldShape, sale: { customer: number; reseller?: number }): string | null {
  if (sale.reseller !== undefined) return worldAccount(shape.resellerPrefix, sale.reseller);
  if (sale.customer % shape.registrationEvery === 0) return worldAccount(shape.gsiPrefix, sale.customer % shape.gsis);
  return null;
}
