import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ClockService } from '../../clock/clock.service';
import { randomAlphanumeric } from '../../core/random-id.generator';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import { AwsServiceError } from '../protocol/aws-service.error';
import type { CallerIdentity } from '../protocol/caller-identity';
import { AgreementStore } from '../agreement/agreement.store';
import { CatalogEntityStore } from './catalog-entity.store';
import type { EntityType } from './catalog-entity.types';
import { CatalogEventsPublisher } from './catalog-events.publisher';
import { applyChange, type WorkingCopy } from './change.applier';
import { catalogValidation, parseStartChangeSet, PLACEHOLDER } from './change-set-request.parser';
import type { ChangeSet, ChangeOutcome } from './change-set.types';

export interface CatalogConfig {
  /** Real milliseconds a set stays PREPARING, then APPLYING: short, so tests poll briefly. */
  prepareDelayMs: number;
  applyDelayMs: number;
  /** Open (PREPARING or APPLYING) sets per seller before ServiceQuotaExceededException. */
  maxOpenChangeSets: number;
}

const DEFAULT_CONFIG: CatalogConfig = { prepareDelayMs: 200, applyDelayMs: 300, maxOpenChangeSets: 10 };

/** Change sets: validation, idempotency, entity locks, and the PREPARING → APPLYING → done lifecycle. */
@Injectable()
export class ChangeSetService implements ResettableState, OnModuleDestroy {
  private sets = new Map<string, ChangeSet>();
  private timers = new Set<NodeJS.Timeout>();
  private config: CatalogConfig = { ...DEFAULT_CONFIG };

  constructor(
    registry: ResetRegistry,
    private readonly entities: CatalogEntityStore,
    private readonly events: CatalogEventsPublisher,
    private readonly clock: ClockService,
    private readonly agreements: AgreementStore,
  ) {
    registry.register(this);
  }

  start(body: Record<string, unknown>, caller: CallerIdentity): ChangeSet {
    const request = parseStartChangeSet(body);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([request.name, request.intent, body.ChangeSet]))
      .digest('hex');
    if (request.token) {
      const earlier = [...this.sets.values()].find((s) => s.clientRequestToken === request.token && s.sellerAccountId === caller.accountId);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) throw catalogValidation('ClientRequestToken was already used for a different request');
        return earlier;
      }
    }
    const lockedEntityIds = request.changes.map((c) => c.Entity.Identifier).filter((id): id is string => !!id && !PLACEHOLDER.test(id));
    for (const id of lockedEntityIds) {
      if (!this.entities.get(id)) throw new AwsServiceError('ResourceNotFoundException', `Entity ${id} not found`, 404);
    }
    const open = [...this.sets.values()].filter((s) => s.sellerAccountId === caller.accountId && isOpen(s));
    const busy = open.find((s) => s.lockedEntityIds.some((id) => lockedEntityIds.includes(id)));
    if (busy) throw new AwsServiceError('ResourceInUseException', `An entity of this change set is in use by change set ${busy.id}`, 423);
    if (open.length >= this.config.maxOpenChangeSets) {
      throw new AwsServiceError(
        'ServiceQuotaExceededException',
        `At most ${this.config.maxOpenChangeSets} change sets may run at once`,
        402,
      );
    }
    const id = randomAlphanumeric(26);
    const set: ChangeSet = {
      id,
      arn: `arn:aws:aws-marketplace:us-east-1:${caller.accountId}:AWSMarketplace/ChangeSet/${id}`,
      name: request.name,
      intent: request.intent,
      sellerAccountId: caller.accountId,
      clientRequestToken: request.token,
      fingerprint,
      changes: request.changes,
      lockedEntityIds,
      status: 'PREPARING',
      startTime: this.clock.now(),
      outcomes: request.changes.map((change) => ({ change, errors: [] })),
    };
    this.sets.set(id, set);
    this.later(this.config.prepareDelayMs, () => {
      if (set.status !== 'PREPARING') return;
      set.status = 'APPLYING';
      this.later(this.config.applyDelayMs, () => this.complete(set));
    });
    return set;
  }

  get(id: string): ChangeSet {
    const set = this.sets.get(id);
    if (!set) throw new AwsServiceError('ResourceNotFoundException', `Change set ${id} not found`, 404);
    return set;
  }

  /** Newest first, as the console lists them. */
  list(sellerAccountId: string): ChangeSet[] {
    return [...this.sets.values()].filter((s) => s.sellerAccountId === sellerAccountId).reverse();
  }

  cancel(id: string): ChangeSet {
    const set = this.get(id);
    // Once applying has begun the change cannot be taken back.
    if (set.status !== 'PREPARING')
      throw new AwsServiceError('ResourceInUseException', `Change set ${id} is ${set.status} and can no longer be cancelled`, 423);
    this.finish(set, 'CANCELLED');
    return set;
  }

  getConfig(): CatalogConfig {
    return { ...this.config };
  }

  configure(patch: Partial<CatalogConfig>): CatalogConfig {
    this.config = { ...this.config, ...patch };
    return this.getConfig();
  }

  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.sets = new Map();
    this.config = { ...DEFAULT_CONFIG };
  }

  onModuleDestroy(): void {
    this.reset();
  }

  private complete(set: ChangeSet): void {
    if (set.status !== 'APPLYING') return;
    const staged = new Map<string, { entityType: EntityType; details: Record<string, unknown>; isNew: boolean }>();
    const copy: WorkingCopy = {
      get: (entityId) => {
        if (!staged.has(entityId)) {
          const entity = this.entities.get(entityId);
          if (!entity) return undefined;
          staged.set(entityId, { entityType: entity.entityType, details: structuredClone(entity.details), isNew: false });
        }
        return staged.get(entityId);
      },
      create: (entityType, entityId, details) => staged.set(entityId, { entityType, details, isNew: true }),
      product: (productId) => {
        const p = this.entities.get(productId);
        return p?.entityType === 'SaaSProduct' ? p : undefined;
      },
      productDimensionKeys: (productId) => {
        const p = this.entities.get(productId);
        return p ? this.entities.productDimensions(p).map((d) => d.key) : [];
      },
      agreement: (agreementId) => {
        const a = this.agreements.get(agreementId);
        return (
          a && {
            agreementId: a.agreementId,
            acceptorAccountId: a.acceptorAccountId,
            proposerAccountId: a.proposerAccountId,
            productId: a.productId,
            resaleAuthorizationId: a.resaleAuthorizationId,
          }
        );
      },
      caller: set.sellerAccountId,
      now: () => this.clock.now(),
    };
    const createdBy = new Map<string, string>();
    set.outcomes = set.changes.map((change): ChangeOutcome => {
      const ref = change.Entity.Identifier ? PLACEHOLDER.exec(change.Entity.Identifier) : null;
      const entityId = ref ? createdBy.get(ref[1]) : change.Entity.Identifier;
      const result = applyChange(change, entityId, copy);
      if (change.ChangeName && result.entityId) createdBy.set(change.ChangeName, result.entityId);
      return { change, entityId: result.entityId ?? entityId, errors: result.errors };
    });
    if (set.outcomes.some((o) => o.errors.length > 0)) {
      set.failureCode = 'CLIENT_ERROR';
      set.failureDescription = 'One or more changes failed validation; see ErrorDetailList.';
      return this.finish(set, 'FAILED');
    }
    if (set.intent === 'APPLY') this.commit(set, staged);
    this.finish(set, 'SUCCEEDED');
  }

  private commit(set: ChangeSet, staged: Map<string, { entityType: EntityType; details: Record<string, unknown>; isNew: boolean }>): void {
    for (const [entityId, s] of staged) {
      const existing = this.entities.get(entityId);
      const wasReleased = existing?.details.State === 'Released';
      const entity = existing
        ? Object.assign(existing, { details: s.details })
        : this.entities.put({ entityId, entityType: s.entityType, ownerAccountId: set.sellerAccountId, details: s.details });
      this.entities.touch(entity);
      if (entity.entityType === 'Offer' && entity.details.State === 'Released' && !wasReleased) {
        this.events.offerReleased(entity, this.entities.get(String(entity.details.ProductId)));
      }
    }
  }

  private finish(set: ChangeSet, status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'): void {
    set.status = status;
    set.endTime = this.clock.now();
    this.events.changeSetFinished(set);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

function isOpen(set: ChangeSet): boolean {
  return set.status === 'PREPARING' || set.status === 'APPLYING';
}
