import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { hoursDueBy, multiplyDecimalPrice, usageDeadline } from '@bridge/domain';
import { METERING_CLOCK, type MeteringClock } from '@bridge/marketplace';
import { presentAmount } from '../partners/credit.presenter';
import { UsageViewRepository, type UsageHourRow } from './usage-view.repository';
import { pageOf } from '@bridge/pagination';
import {
  USAGE_ALERTS_ORDER,
  USAGE_HOURS_ORDER,
  type UsageAlertsQuery,
  type UsageHoursQuery,
  type UsageSummaryQuery,
} from './usage.schemas';

const HOUR_MS = 3_600_000;

/** Accepted, rejected and pending usage per customer, dimension and hour, with its value; alerts. */
@Injectable()
export class UsageViewService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METERING_CLOCK) private readonly clock: MeteringClock,
    private readonly views: UsageViewRepository,
  ) {}

  async hours(query: UsageHoursQuery) {
    const { rows, page } = pageOf(USAGE_HOURS_ORDER.list, USAGE_HOURS_ORDER.keys, await this.views.hours(query), query.limit, (h) => [
      h.hour,
      h.id,
    ]);
    return { hours: rows.map((row) => this.present(row)), page };
  }

  /** The summary of the last `hours` hours by the metering clock (the dashboard's card): a bounded range of usage_hour. */
  async recentSummary(hours: number) {
    const now = await this.clock.now();
    return this.summary({ from: new Date(now.getTime() - hours * HOUR_MS).toISOString() });
  }

  async summary(query: UsageSummaryQuery) {
    const rows = await this.views.summary(query.from, query.to);
    return {
      totals: rows.map((r) => {
        const currency = r.currency ?? undefined;
        const openMinor = r.open_value && currency ? multiplyDecimalPrice(1n, r.open_value, currency) : 0n;
        return {
          status: r.status,
          hours: Number(r.hours),
          quantity: r.quantity.toString(),
          value: currency ? presentAmount((r.frozen_value_minor ?? 0n) + openMinor, currency) : null,
        };
      }),
    };
  }

  /**
   * A page of alerts, newest hour first: hours still unsent whose deadline
   * (the window, or 06:00 UTC on the 1st for last month's usage) is within
   * METERING_AGE_OUT_ALERT_MINUTES; and hours that need a person: conflicting
   * duplicates, unknown outcomes, usage that arrived after the final flush.
   * An hour that is both is shown once, as aging out (the more urgent).
   */
  async alerts(query: UsageAlertsQuery) {
    const now = await this.clock.now();
    const horizon = new Date(now.getTime() + this.config.METERING_AGE_OUT_ALERT_MINUTES * 60_000);
    const bounds = { openBefore: new Date(now.getTime() + HOUR_MS), ...hoursDueBy(horizon, this.config.METERING_WINDOW_HOURS) };
    const { rows, page } = pageOf(
      USAGE_ALERTS_ORDER.list,
      USAGE_ALERTS_ORDER.keys,
      await this.views.alerts(bounds, query),
      query.limit,
      (h) => [h.hour, h.id],
    );
    const alerts = rows.map((row) => {
      const deadline = usageDeadline(row.hour, this.config.METERING_WINDOW_HOURS);
      if ((row.status === 'PENDING' || row.status === 'SENDING') && row.hour < bounds.openBefore && deadline <= horizon)
        return {
          kind: deadline <= now ? 'AGED_OUT' : 'ABOUT_TO_AGE_OUT',
          deadline: deadline.toISOString(),
          minutesLeft: Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 60_000)),
          ...this.present(row),
        };
      return { kind: attentionKind(row), ...this.present(row) };
    });
    return { now: now.toISOString(), windowHours: this.config.METERING_WINDOW_HOURS, alerts, page };
  }

  private present(row: UsageHourRow) {
    const billable = row.received_quantity + row.carried_in - row.carried_out - row.unbillable_quantity;
    const quantity = row.billed_quantity ?? billable;
    const valueMinor =
      row.value_minor ??
      (row.unit_price !== null && row.currency !== null ? multiplyDecimalPrice(quantity, row.unit_price, row.currency) : null);
    return {
      id: row.id,
      subscriptionId: row.subscription_id,
      cloud: row.cloud,
      customer: row.customer_ref,
      productCode: row.product_code,
      dimension: row.dimension,
      hour: row.hour.toISOString(),
      status: row.status,
      reason: row.reason,
      quantity: quantity.toString(),
      receivedQuantity: row.received_quantity.toString(),
      records: row.record_count,
      carriedIn: row.carried_in.toString(),
      carriedOut: row.carried_out.toString(),
      unbillable: row.unbillable_quantity.toString(),
      frozen: row.billed_quantity !== null,
      unitPrice: row.unit_price,
      value: valueMinor !== null && row.currency ? presentAmount(valueMinor, row.currency) : null,
      sendAttempts: row.send_attempts,
      meteringRecordId: row.metering_record_id,
      settledAt: row.settled_at?.toISOString() ?? null,
    };
  }
}

function attentionKind(row: UsageHourRow): string {
  if (row.status === 'UNKNOWN') return 'OUTCOME_UNKNOWN';
  if (row.reason?.startsWith('DUPLICATE_CONFLICT')) return 'DUPLICATE_CONFLICT';
  return 'UNBILLABLE_LATE_USAGE';
}
