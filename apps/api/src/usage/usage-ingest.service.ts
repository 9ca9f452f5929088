import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { meteringWindowCheck } from '@bridge/domain';
import { METERING_CLOCK, type MeteringClock } from '@bridge/marketplace';
import { UsageIngestRepository } from './usage-ingest.repository';
import { awsCustomerRef, UsageSubscriptionRepository, type SubscriptionForIngest } from './usage-subscription.repository';
import { checkUsageRecord, type ValidUsageRecord } from './usage-record.validator';

export type RecordStatus = 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';

export interface RecordProblem {
  index: number;
  idempotencyKey: string | null;
  status: Exclude<RecordStatus, 'ACCEPTED'>;
  reason: string;
}

/**
 * The per-record answer: `statuses[i]` is the fate of `records[i]`, and
 * every record not accepted is also in `problems` with its reason. (One
 * object per accepted record made 10,000-record answers slow to build.)
 */
export interface IngestAnswer {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  statuses: RecordStatus[];
  problems: RecordProblem[];
}

const HOUR_MS = 3_600_000;

/**
 * POST /v1/usage: each record validated on its own, resolved to its
 * subscription, checked against the marketplace's window, then the accepted
 * ones stored in bulk. A key seen before (in this batch or an earlier one) is
 * answered DUPLICATE and never counted again; a key reused for different
 * usage is REJECTED and the first record stands.
 */
@Injectable()
export class UsageIngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METERING_CLOCK) private readonly clock: MeteringClock,
    private readonly subscriptions: UsageSubscriptionRepository,
    private readonly store: UsageIngestRepository,
  ) {}

  async ingest(raw: unknown[]): Promise<IngestAnswer> {
    const statuses: RecordStatus[] = new Array(raw.length).fill('ACCEPTED');
    const problems: RecordProblem[] = [];
    const refuse = (index: number, idempotencyKey: string | null, status: RecordProblem['status'], reason: string) => {
      statuses[index] = status;
      problems.push({ index, idempotencyKey, status, reason });
    };
    const valid: ValidUsageRecord[] = [];
    for (let index = 0; index < raw.length; index++) {
      const check = checkUsageRecord(raw[index], index);
      if (check.ok) valid.push(check.record);
      else refuse(index, keyOf(raw[index]), 'REJECTED', check.reason);
    }

    const subscriptions = await this.resolveSubscriptions(valid);
    const now = await this.clock.now();
    const verdicts = new Map<number, boolean>();
    const hourIso = new Map<number, string>();
    const candidates: ValidUsageRecord[] = [];
    const firstIndexOfKey = new Map<string, number>();
    for (const record of valid) {
      const key = record.idempotencyKey;
      const earlier = firstIndexOfKey.get(key);
      if (earlier !== undefined) {
        refuse(record.index, key, 'DUPLICATE', `repeats record ${earlier} of this request`);
        continue;
      }
      firstIndexOfKey.set(key, record.index);
      const subscription = subscriptions.lookup(record);
      const refusal = this.refusal(record, subscription, now, verdicts);
      if (refusal || !subscription) {
        refuse(record.index, key, 'REJECTED', refusal ?? 'UNKNOWN_CUSTOMER');
        continue;
      }
      const hourMs = Math.floor(record.at / HOUR_MS) * HOUR_MS;
      let hour = hourIso.get(hourMs);
      if (hour === undefined) hourIso.set(hourMs, (hour = new Date(hourMs).toISOString()));
      record.subscriptionId = subscription.id;
      record.hour = hour;
      candidates.push(record);
    }

    const inserted = await this.store.store(candidates);
    const repeats = candidates.filter((c) => !inserted.has(c.idempotencyKey));
    const stored = await this.store.storedRecords(repeats.map((r) => r.idempotencyKey));
    for (const c of repeats) {
      const first = stored.get(c.idempotencyKey);
      const same =
        first &&
        first.subscriptionId === c.subscriptionId &&
        first.dimension === c.dimension &&
        first.quantity === c.quantity &&
        Date.parse(first.usageAt) === Date.parse(c.usageAt);
      if (same) refuse(c.index, c.idempotencyKey, 'DUPLICATE', 'already accepted in an earlier request; counted once');
      else
        refuse(
          c.index,
          c.idempotencyKey,
          'REJECTED',
          'IDEMPOTENCY_KEY_REUSED: the key was accepted earlier for different usage, which stands',
        );
    }
    problems.sort((a, b) => a.index - b.index);
    const duplicates = problems.filter((p) => p.status === 'DUPLICATE').length;
    return { received: raw.length, accepted: inserted.size, duplicates, rejected: problems.length - duplicates, statuses, problems };
  }

  /** Why a well-formed record cannot be billed, or null. */
  private refusal(
    record: ValidUsageRecord,
    subscription: SubscriptionForIngest | undefined,
    now: Date,
    verdicts: Map<number, boolean>,
  ): string | null {
    if (!subscription) return 'UNKNOWN_CUSTOMER: no metered subscription for this customer';
    if (subscription.status === 'ENDED' || subscription.finalFlushAt) return 'SUBSCRIPTION_ENDED: its final usage has been sent';
    if (subscription.endingAt && record.at > subscription.endingAt.getTime()) {
      return `SUBSCRIPTION_ENDED: usage after the unsubscribe at ${subscription.endingAt.toISOString()}`;
    }
    if (subscription.dimensions.size > 0 && !subscription.dimensions.has(record.dimension)) {
      return `UNKNOWN_DIMENSION: ${record.dimension} is not metered for this subscription`;
    }
    // When an ended hour's start is inside the window, every record of that hour is: check it once.
    const hourMs = Math.floor(record.at / HOUR_MS) * HOUR_MS;
    if (hourMs + HOUR_MS <= now.getTime()) {
      let hourInside = verdicts.get(hourMs);
      if (hourInside === undefined)
        verdicts.set(hourMs, (hourInside = meteringWindowCheck(new Date(hourMs), now, this.config.METERING_WINDOW_HOURS).inside));
      if (hourInside) return null;
    }
    const window = meteringWindowCheck(new Date(record.at), now, this.config.METERING_WINDOW_HOURS);
    return window.inside ? null : `${window.reason}: ${window.explanation}`;
  }

  /** One query for the batch; look-ups through nested maps (no key string built per record). */
  private async resolveSubscriptions(records: ValidUsageRecord[]) {
    const aws = new Map<string, Set<string>>();
    const other = new Set<string>();
    const identifiers = new Set<string>();
    for (const r of records) {
      if (r.customerAwsAccountId !== undefined) {
        let arns = aws.get(r.customerAwsAccountId);
        if (!arns) aws.set(r.customerAwsAccountId, (arns = new Set()));
        arns.add(r.licenseArn!);
      } else if (r.azureResourceId !== undefined) other.add(r.azureResourceId);
      else if (r.customerIdentifier !== undefined) identifiers.add(r.customerIdentifier);
    }
    const refs = [...other];
    for (const [account, arns] of aws) for (const arn of arns) refs.push(awsCustomerRef(account, arn));
    const found = await this.subscriptions.forIngest(refs, [...identifiers]);
    const byAccount = new Map<string, Map<string, SubscriptionForIngest>>();
    const azure = new Map<string, SubscriptionForIngest>();
    const byIdentifier = new Map<string, SubscriptionForIngest>();
    for (const s of found) {
      if (s.cloud === 'AWS' && s.awsAccountId && s.licenseArn) {
        let arns = byAccount.get(s.awsAccountId);
        if (!arns) byAccount.set(s.awsAccountId, (arns = new Map()));
        arns.set(s.licenseArn, s);
      }
      if (s.cloud === 'AZURE') azure.set(s.customerRef, s);
      // One legacy identifier per customer and product: the active subscription wins over an ended one.
      if (s.customerIdentifier && (!byIdentifier.has(s.customerIdentifier) || s.status === 'ACTIVE'))
        byIdentifier.set(s.customerIdentifier, s);
    }
    return {
      lookup(r: ValidUsageRecord): SubscriptionForIngest | undefined {
        if (r.customerAwsAccountId !== undefined) return byAccount.get(r.customerAwsAccountId)?.get(r.licenseArn!);
        if (r.azureResourceId !== undefined) return azure.get(r.azureResourceId);
        return r.customerIdentifier !== undefined ? byIdentifier.get(r.customerIdentifier) : undefined;
      },
    };
  }
}

function keyOf(raw: unknown): string | null {
  const key = (raw as { idempotencyKey?: unknown } | null)?.idempotencyKey;
  return typeof key === 'string' ? key : null;
}
