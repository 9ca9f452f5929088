import { Injectable } from '@nestjs/common';
import { ClockService } from '../../clock/clock.service';
import { stableUuid } from '../../core/random-id.generator';
import { StatsService } from '../../core/stats.service';
import { UsageLedgerService } from '../../ledger/usage-ledger.service';
import { usageHour } from '../../aws/metering/usage-window.policy';
import { AzureSubscriptionStore } from '../fulfillment/azure-subscription.store';
import { FulfillmentService } from '../fulfillment/fulfillment.service';

export const AZURE_BATCH_LIMIT = 25;
const WINDOW_MS = 24 * 3_600_000;

export type UsageEventStatus =
  | 'Accepted'
  | 'Expired'
  | 'Duplicate'
  | 'ResourceNotFound'
  | 'ResourceNotActive'
  | 'InvalidDimension'
  | 'InvalidQuantity'
  | 'BadArgument';

export interface UsageEventResult {
  status: UsageEventStatus;
  body: Record<string, unknown>;
}

/**
 * Azure Marketplace metering: one event per resource, dimension and
 * calendar hour, first write wins, only the last 24 hours (by the sandbox
 * clock), recorded in the shared ledger.
 */
@Injectable()
export class AzureMeteringService {
  constructor(
    private readonly store: AzureSubscriptionStore,
    private readonly fulfillment: FulfillmentService,
    private readonly ledger: UsageLedgerService,
    private readonly clock: ClockService,
    private readonly stats: StatsService,
  ) {}

  submit(event: Record<string, unknown>): UsageEventResult {
    const result = this.evaluate(event ?? {});
    this.stats.countRecord('azure.usageEvent', result.status);
    return result;
  }

  private evaluate(e: Record<string, unknown>): UsageEventResult {
    const now = this.clock.now();
    const echo = {
      messageTime: now.toISOString(),
      resourceId: e.resourceId,
      quantity: e.quantity,
      dimension: e.dimension,
      effectiveStartTime: e.effectiveStartTime,
      planId: e.planId,
    };
    const fail = (status: UsageEventStatus, message: string, target?: string): UsageEventResult => ({
      status,
      body: {
        ...echo,
        status,
        error: { code: status === 'InvalidQuantity' || status === 'InvalidDimension' ? 'BadArgument' : status, message, target },
      },
    });
    for (const field of ['resourceId', 'dimension', 'effectiveStartTime', 'planId']) {
      if (typeof e[field] !== 'string' || e[field] === '') return fail('BadArgument', `${field} is required`, field);
    }
    const start = new Date(String(e.effectiveStartTime));
    if (Number.isNaN(start.getTime())) return fail('BadArgument', 'effectiveStartTime is not a date', 'effectiveStartTime');
    if (typeof e.quantity !== 'number' || !Number.isFinite(e.quantity) || e.quantity <= 0) {
      return fail('InvalidQuantity', 'quantity must be a number greater than 0', 'quantity');
    }
    const subscription = this.store.get(String(e.resourceId));
    if (!subscription) return fail('ResourceNotFound', `Resource ${String(e.resourceId)} not found`, 'resourceId');
    if (subscription.saasSubscriptionStatus !== 'Subscribed') {
      return fail('ResourceNotActive', `Subscription is ${subscription.saasSubscriptionStatus}`, 'resourceId');
    }
    if (e.planId !== subscription.planId) return fail('BadArgument', `planId ${String(e.planId)} is not the subscription's plan`, 'planId');
    const plan = this.fulfillment.plans(subscription).find((p) => p.planId === e.planId);
    if (plan && plan.dimensions.length > 0 && !plan.dimensions.includes(String(e.dimension))) {
      return fail('InvalidDimension', `Dimension ${String(e.dimension)} is not defined on plan ${plan.planId}`, 'dimension');
    }
    if (now.getTime() - start.getTime() >= WINDOW_MS || start.getTime() > now.getTime()) {
      return fail('Expired', 'effectiveStartTime must be within the last 24 hours', 'effectiveStartTime');
    }
    const hour = usageHour(start);
    const accepted = {
      usageEventId: stableUuid(`azure|${String(e.resourceId)}|${String(e.dimension)}|${hour.toISOString()}`),
      status: 'Accepted',
      ...echo,
    };
    const outcome = this.ledger.record({
      cloud: 'azure',
      key: String(e.resourceId),
      recordId: accepted.usageEventId,
      customer: { resourceId: String(e.resourceId) },
      product: String(e.planId),
      dimension: String(e.dimension),
      hour,
      quantity: e.quantity,
      original: accepted,
    });
    if (outcome.kind !== 'recorded') {
      // Azure keeps the first event whatever the quantity; every repeat is a duplicate.
      return {
        status: 'Duplicate',
        body: {
          ...echo,
          status: 'Duplicate',
          error: {
            additionalInfo: { acceptedMessage: outcome.entry.original },
            message: 'This usage event already exist.',
            code: 'Conflict',
          },
        },
      };
    }
    return { status: 'Accepted', body: accepted };
  }
}
