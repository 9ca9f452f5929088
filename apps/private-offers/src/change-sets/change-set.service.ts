import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import {
  AZURE_CHANGE_SET_API,
  CATALOG_API,
  CatalogRejectedError,
  CatalogRetryLaterError,
  type AzureChangeSetApi,
  type CatalogApi,
  type ChangeSetApi,
  type ChangeSetDescription,
} from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { OfferOutcomeRepository } from '../offers/offer-outcome.repository';
import { changeSetName, createdEntityId, describeProblems, problemsOf } from './change-set-outcome';
import { ChangeSetRepository, type ChangeSetRow, type Finish } from './change-set.repository';

/** Thrown to make the follow job poll again after its backoff. */
export class ChangeSetStillRunningError extends Error {
  constructor(id: string, status: string) {
    super(`change set ${id} is still ${status}`);
    this.name = 'ChangeSetStillRunningError';
  }
}

/**
 * Sends recorded change sets and follows them to their end. The set's id is
 * its ClientRequestToken, so sending it again after a crash or a timeout
 * returns the same set instead of creating a second offer. One set at a time
 * per entity: the product's own lock first, the catalog's 423 as the backstop.
 */
@Injectable()
export class ChangeSetService {
  private readonly logger = new Logger(ChangeSetService.name);

  constructor(
    private readonly sets: ChangeSetRepository,
    private readonly outcomes: OfferOutcomeRepository,
    private readonly jobs: JobProducer,
    @Inject(CATALOG_API) private readonly catalog: CatalogApi,
    @Inject(AZURE_CHANGE_SET_API) private readonly azure: AzureChangeSetApi,
  ) {}

  /** AWS sets go to the Marketplace Catalog API; Azure's are configure jobs of the Product Ingestion API. */
  private apiOf(row: ChangeSetRow): ChangeSetApi {
    return row.cloud === 'AZURE' ? this.azure : this.catalog;
  }

  async submit(id: string): Promise<void> {
    const row = await this.sets.find(id);
    if (!row) throw new UnrecoverableError(`change set ${id} is not recorded`);
    if (row.status !== 'PENDING') {
      if (row.status === 'PREPARING' || row.status === 'APPLYING') await this.jobs.enqueue('catalog-change.follow', { changeSetId: id });
      return;
    }
    const lock = await this.sets.acquireLock(row);
    if (!lock.acquired) {
      await this.sets.recordSubmitError(id, `waiting for change set ${lock.heldBy} on ${row.lockKey}`);
      throw new CatalogRetryLaterError('ENTITY_LOCKED', `${row.lockKey} is in use by change set ${lock.heldBy}`);
    }
    if (row.cloud === 'AZURE' && row.sendStartedAt && (await this.adoptEarlierSend(row))) return;
    await this.sets.recordSendStarted(id);
    let marketplaceId: string;
    try {
      ({ changeSetId: marketplaceId } = await this.apiOf(row).startChangeSet({
        seller: row.sellerAccountId,
        name: changeSetName(row.purpose, row.id),
        clientRequestToken: row.id,
        changes: row.changes,
      }));
    } catch (error) {
      if (error instanceof CatalogRejectedError) {
        // The catalog refused the request as a whole: nothing runs, say why.
        await this.failWhole(row, error.code, error.message);
        return;
      }
      await this.sets.recordSubmitError(id, (error as Error).message);
      throw error; // locked (423), quota (402), throttled or down: the job backs off and retries
    }
    await this.sets.markSubmitted(id, marketplaceId);
    await this.jobs.enqueue('catalog-change.follow', { changeSetId: id });
  }

  /**
   * An Azure configure request has no idempotency key: a set sent before
   * whose answer was lost (the worker died, the connection dropped) may
   * already have made its private offer. One live offer of the same type,
   * name and customers that no offer or authorization of ours holds is that
   * offer: the set succeeded with it. None: the earlier request never took
   * effect, send again. Several: which one is ours cannot be told, so the
   * set fails for a person to look at rather than make another.
   * Updates of an existing private offer (the selling partner's part, a
   * withdrawal) state the offer's desired state and are sent again as they are.
   */
  private async adoptEarlierSend(row: ChangeSetRow): Promise<boolean> {
    let found;
    try {
      found = await this.azure.findCreatedPrivateOffers(row.changes);
    } catch (error) {
      if (!(error instanceof CatalogRejectedError)) throw error; // throttled or down: the job backs off and asks again
      // Sending blind could make a second offer: the set ends, saying why, for a person to look at.
      await this.failWhole(row, error.code, `could not tell whether an earlier request made the offer: ${error.message}`);
      return true;
    }
    const claimed = await this.sets.claimedMarketplaceIds(found.map((o) => o.id));
    const ours = found.filter((o) => !claimed.has(o.id));
    if (ours.length === 0) return false;
    if (ours.length === 1) {
      this.logger.warn(`change set ${row.id}: its earlier configure request made ${ours[0].id}; not sent again`);
      await this.finish(row, {
        status: 'SUCCEEDED',
        failureCode: null,
        problems: [],
        createdEntityId: ours[0].id,
        summary: `made by an earlier request whose answer was lost`,
      });
      return true;
    }
    await this.failWhole(
      row,
      'AmbiguousEarlierSend',
      `an earlier request may have made any of ${ours.map((o) => o.id).join(', ')}; not sent again`,
    );
    return true;
  }

  /** The set as a whole ends FAILED, with why. */
  private failWhole(row: ChangeSetRow, code: string, message: string): Promise<void> {
    return this.finish(row, {
      status: 'FAILED',
      failureCode: code,
      createdEntityId: null,
      problems: [{ changeType: '(change set)', field: '(change set)', code, message }],
      summary: message,
    });
  }

  /**
   * Reads the set's status; records its end when it has one. From the poll
   * job, a running set throws so the job polls again; from an event, it
   * returns quietly (the poll is still following it).
   */
  async follow(id: string, options: { pollAgain: boolean }): Promise<void> {
    const row = await this.sets.find(id);
    if (!row || !row.marketplaceChangeSetId || !['PREPARING', 'APPLYING'].includes(row.status)) return;
    let description: ChangeSetDescription;
    try {
      description = await this.apiOf(row).describeChangeSet(row.sellerAccountId, row.marketplaceChangeSetId);
    } catch (error) {
      if (error instanceof CatalogRejectedError) throw new UnrecoverableError(`change set ${id}: ${error.message}`);
      throw error;
    }
    if (description.status === 'PREPARING' || description.status === 'APPLYING') {
      await this.sets.markRunning(id, description.status);
      if (options.pollAgain) throw new ChangeSetStillRunningError(id, description.status);
      return;
    }
    const problems = problemsOf(description);
    await this.finish(row, {
      status: description.status,
      failureCode: description.failureCode,
      problems,
      createdEntityId: createdEntityId(description),
      summary: describeProblems(problems),
    });
  }

  private async finish(row: ChangeSetRow, outcome: Finish): Promise<void> {
    const finished = await this.sets.finish(row.id, outcome, (tx, r) => this.outcomes.apply(tx, r, outcome));
    if (!finished) return;
    this.logger.log(`change set ${row.id} (${row.purpose}) ${outcome.status}${outcome.summary ? `: ${outcome.summary}` : ''}`);
    if (row.purpose === 'LISTING_PUSH')
      await this.jobs.enqueue('listing.change-set-finished', { listingId: row.subjectId, changeSetId: row.id });
    // The entity is free again: a set that was waiting for it may go now.
    const next = await this.sets.nextWaitingOn(row);
    if (next) await this.jobs.enqueue('catalog-change.submit', { changeSetId: next });
  }

  async sweep(olderThanMs: number): Promise<void> {
    const { unsent, running } = await this.sets.stale(olderThanMs);
    await this.jobs.requeueMany(
      'catalog-change.submit',
      unsent.map((changeSetId) => ({ changeSetId })),
    );
    await this.jobs.requeueMany(
      'catalog-change.follow',
      running.map((changeSetId) => ({ changeSetId })),
    );
    await this.agreementsLinked(await this.outcomes.linkAgreements());
  }

  /**
   * Agreements that now have their offer: their reconciliation items, judged
   * without its terms, are judged again (the attribution worker's job). With
   * the queue away, the items keep their verdict until their next import:
   * the link itself stands.
   */
  async agreementsLinked(agreementIds: string[]): Promise<void> {
    for (const agreementId of agreementIds)
      await this.jobs.enqueue('reconciliation.agreement-recorded', { agreementId }).catch((error: Error) => {
        this.logger.warn(`reconciliation items of agreement ${agreementId} not judged again: ${error.message}`);
      });
  }
}
