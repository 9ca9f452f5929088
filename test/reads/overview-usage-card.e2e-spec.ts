import pg from 'pg';
import { dashboardSession, type ProductStack } from '@bridge/testing';
import { ADMIN_KEY, freshWorld } from '../attribution/attribution-fixtures';
import { call } from '../http-client';
import { stackWithDatabase } from './ledger-lines';

jest.setTimeout(60_000);

interface SummaryTotal {
  status: string;
  hours: number;
  quantity: string;
  value: { amountMinor: string; amount: string; currency: string } | null;
}

/** An hour of usage `hoursAgo` hours before the current hour, with what metering has set on it so far. */
async function hour(
  db: pg.Client,
  subscription: string,
  hoursAgo: number,
  set: {
    received: number;
    status: string;
    billed?: number;
    unitPrice?: string;
    currency?: string;
    valueMinor?: number;
    unbillable?: number;
  },
) {
  await db.query(
    `INSERT INTO usage_hour (subscription_id, dimension, hour, received_quantity, record_count, status, billed_quantity, unit_price, currency,
                             value_minor, unbillable_quantity)
     VALUES ($1::uuid, 'api_calls', date_trunc('hour', now() AT TIME ZONE 'UTC') - make_interval(hours => $2::int), $3, 1, $4::"UsageHourStatus",
             $5, $6::numeric, $7, $8, $9)`,
    [
      subscription,
      hoursAgo,
      set.received,
      set.status,
      set.billed ?? null,
      set.unitPrice ?? null,
      set.currency ?? null,
      set.valueMinor ?? null,
      set.unbillable ?? 0,
    ],
  );
}

async function subscription(db: pg.Client, customer: string, listing: string | null): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO metering_subscription (id, cloud, customer_ref, product_code, listing_id, started_at)
     VALUES (gen_random_uuid(), 'AWS', $1, 'prod-usage-card', $2::uuid, now() - interval '30 days') RETURNING id`,
    [customer, listing],
  );
  return rows[0]!.id;
}

describe("the overview's metering card", () => {
  const suite = stackWithDatabase();
  let stack: ProductStack;
  let db: pg.Client;
  beforeAll(() => ({ stack, db } = suite.get()));

  it("shows the last day's usage per status and currency as the usage summary prices it: valued, frozen, the buyer's own and the listing's price", async () => {
    await freshWorld(stack);
    const {
      rows: [listing],
    } = await db.query<{ id: string }>(
      `INSERT INTO listing (id, cloud, product_id, title, updated_at) VALUES (gen_random_uuid(), 'AWS', 'prod-usage-card', 'Usage card', now()) RETURNING id`,
    );
    await db.query(
      `INSERT INTO listing_dimension (id, listing_id, key, name, unit, unit_price, currency) VALUES (gen_random_uuid(), $1, 'api_calls', 'API calls', 'calls', 0.015, 'USD')`,
      [listing!.id],
    );
    const byListing = await subscription(db, 'cust-listing-price', listing!.id);
    const ownPrice = await subscription(db, 'cust-own-price', listing!.id);
    await db.query(
      `INSERT INTO metering_subscription_dimension (subscription_id, dimension, unit_price, currency) VALUES ($1, 'api_calls', 0.5, 'EUR')`,
      [ownPrice],
    );
    const unpriced = await subscription(db, 'cust-unpriced', null);

    // Open hours at the listing's price, and hours frozen at their own price (one already valued).
    await hour(db, byListing, 1, { received: 101, status: 'PENDING' });
    await hour(db, byListing, 2, { received: 203, status: 'PENDING' });
    await hour(db, byListing, 3, { received: 7, status: 'SENDING', billed: 7, unitPrice: '0.125', currency: 'USD' });
    await hour(db, byListing, 4, { received: 40, status: 'ACCEPTED', billed: 40, unitPrice: '0.02', currency: 'USD' });
    await hour(db, byListing, 5, { received: 50, status: 'ACCEPTED', billed: 50, unitPrice: '0.02', currency: 'USD', valueMinor: 100 });
    await hour(db, byListing, 6, { received: 9, status: 'REJECTED', unbillable: 4 });
    // The buyer's own price, in its currency; and usage nothing prices.
    await hour(db, ownPrice, 1, { received: 3, status: 'PENDING' });
    await hour(db, ownPrice, 7, { received: 11, status: 'ACCEPTED', billed: 11, unitPrice: '0.5', currency: 'EUR' });
    await hour(db, unpriced, 2, { received: 5, status: 'PENDING' });
    // Older than a day: in neither.
    await hour(db, byListing, 30, { received: 1_000_000, status: 'ACCEPTED', billed: 1_000_000, unitPrice: '0.02', currency: 'USD' });

    const from = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const summary = await call<{ totals: SummaryTotal[] }>('GET', `${stack.apiUrl}/v1/usage/summary?from=${encodeURIComponent(from)}`, {
      key: ADMIN_KEY,
    });
    expect(summary.status).toBe(200);
    const overview = await fetch(`${stack.apiUrl}/dashboard`, { headers: { cookie: await dashboardSession(stack.apiUrl, ADMIN_KEY) } });
    const card = (await overview.text()).split('data-testid="metering"')[1]!.split('</section>')[0]!;
    const shown = [
      ...card
        .split('<tbody>')[1]!
        .split('</tbody>')[0]!
        .matchAll(/<tr>([\s\S]*?)<\/tr>/g),
    ].map((row) => [...row[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]!.trim()));

    expect(shown).toEqual(
      summary.body.totals.map((t) => [t.status, String(t.hours), t.quantity, t.value ? `${t.value.amount} ${t.value.currency}` : '—']),
    );
    // What those are, by hand: the listing's 0.015 USD on 101 + 203 open units, the frozen 0.125 USD on 7, 0.02 USD on 40 and the 100
    // already valued, the buyer's 0.50 EUR on 3 and 11; unpriced usage has no value;
    // the rejected hour's 5 billable units at 0.015 round half to even (0.075 to 0.08); the day-old hour is left out.
    expect(shown).toEqual([
      ['ACCEPTED', '1', '11', '5.50 EUR'],
      ['ACCEPTED', '2', '90', '1.80 USD'],
      ['PENDING', '1', '3', '1.50 EUR'],
      ['PENDING', '2', '304', '4.56 USD'],
      ['PENDING', '1', '5', '—'],
      ['REJECTED', '1', '5', '0.08 USD'],
      ['SENDING', '1', '7', '0.88 USD'],
    ]);
  });
});
