import { Prisma } from '@bridge/database';
import { multiplyDecimalPrice } from '@bridge/domain';
import { presentAmount } from '../http/money.presenter';

/** Usage of the overview's window per status and currency: open_value is the exact decimal value of the hours not yet valued. */
export interface RecentUsageRow {
  status: string;
  currency: string | null;
  hours: number;
  quantity: bigint;
  frozenValueMinor: bigint | null;
  openValue: string | null;
}

/**
 * The metering card's totals of the hours from `from` on, per status and
 * currency, priced as the usage API prices an hour: its frozen price, else
 * the buyer's own, else the listing's public one. The window is a range of
 * the (hour, id) index, so its cost follows the rate of usage, never its
 * history; its hours are summed per subscription, dimension and frozen price
 * first, so the prices are joined to those few groups, not to every hour (a
 * group has one price, so its value is its billable quantity times it,
 * exactly). Columns: status, currency, hours, quantity, frozen_value_minor,
 * open_value.
 */
export function recentUsageSql(from: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT g.status, COALESCE(g.currency, sd.currency, ld.currency) AS currency, sum(g.hours)::int AS hours,
           sum(g.quantity)::bigint AS quantity, sum(g.value_minor)::bigint AS frozen_value_minor,
           sum(g.open_quantity * COALESCE(g.unit_price, sd.unit_price, ld.unit_price)) AS open_value
      FROM (SELECT h.subscription_id, h.dimension, h.status::text AS status, h.unit_price, h.currency, count(*) AS hours,
                   sum(COALESCE(h.billed_quantity, h.received_quantity + h.carried_in - h.carried_out - h.unbillable_quantity)) AS quantity,
                   sum(h.value_minor) AS value_minor,
                   sum(h.received_quantity + h.carried_in - h.carried_out - h.unbillable_quantity) FILTER (WHERE h.value_minor IS NULL) AS open_quantity
              FROM usage_hour h
             WHERE h.hour >= ${from.toISOString()}::timestamp
             GROUP BY h.subscription_id, h.dimension, h.status, h.unit_price, h.currency) g
      JOIN metering_subscription s ON s.id = g.subscription_id
      LEFT JOIN metering_subscription_dimension sd ON sd.subscription_id = g.subscription_id AND sd.dimension = g.dimension AND sd.unit_price IS NOT NULL
      LEFT JOIN listing_dimension ld ON ld.listing_id = s.listing_id AND ld.key = g.dimension
     GROUP BY g.status, COALESCE(g.currency, sd.currency, ld.currency)`;
}

/** The card's totals as the usage summary presents them: hours, quantity, and the frozen value plus the open value in minor units. */
export function recentUsageTotals(rows: RecentUsageRow[]) {
  return rows.map((r) => {
    const currency = r.currency ?? undefined;
    const openMinor = r.openValue && currency ? multiplyDecimalPrice(1n, r.openValue, currency) : 0n;
    return {
      status: r.status,
      hours: r.hours,
      quantity: r.quantity.toString(),
      value: currency ? presentAmount((r.frozenValueMinor ?? 0n) + openMinor, currency) : null,
    };
  });
}
