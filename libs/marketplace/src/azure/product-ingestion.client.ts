import { Inject, Injectable } from '@nestjs/common';
import {
  CatalogRejectedError,
  CatalogRetryLaterError,
  type CatalogChange,
  type ChangeSetApi,
  type ChangeSetDescription,
} from '../aws/catalog.port';
import { AzureCallError } from './azure-call.error';
import { AzureHttpClient } from './azure-http.client';
import { referencedOfferIds, UnknownReferenceError, withDurableIds } from './durable-reference.mapper';
import { AZURE_CONFIGURE_CHANGE } from './private-offer.builder';
import {
  CONFIGURE_VERSION,
  configureStatusSchema,
  jobDetailSchema,
  PI_SCHEMA,
  PRIVATE_OFFER_VERSION,
  privateOfferQuerySchema,
  type AzureDurableIds,
  type ConfigureStatus,
  type QueriedPrivateOffer,
} from './product-ingestion.schemas';
import { AZURE_LISTING_API, type AzureListingApi } from './product-listing.port';

const configureApi = { productIngestion: { version: CONFIGURE_VERSION } };

/** What the private-offers worker needs of Azure: configure jobs behind the change-set port, and finding what a lost configure made. */
export type AzureChangeSetApi = ChangeSetApi & Pick<AzureProductIngestionClient, 'findCreatedPrivateOffers'>;

/**
 * Azure's catalog writes through the Product Ingestion API, behind the same
 * change-set port as AWS's: a change set is one configure request (its
 * changes are the `$schema`-tagged resources), its id the configure job's,
 * followed by polling `configure/{jobId}/status`. A succeeded job is read
 * back (`configure/{jobId}`) for the private offer it made or changed.
 *
 * Change sets name the product and its plans by external id (offer id,
 * planId); the request names them by durable id, as the private-offer pages
 * do, read from the product's live resource tree. The ids are kept for the
 * life of the process: a durable id never changes; a plan not found in them
 * is looked up once more before the set is refused.
 */
@Injectable()
export class AzureProductIngestionClient implements ChangeSetApi {
  private readonly durableIds = new Map<string, AzureDurableIds | null>();

  constructor(
    private readonly http: AzureHttpClient,
    @Inject(AZURE_LISTING_API) private readonly products: AzureListingApi,
  ) {}

  async startChangeSet(input: { name: string; clientRequestToken: string; changes: CatalogChange[] }): Promise<{ changeSetId: string }> {
    const body = { $schema: PI_SCHEMA.configure, resources: await this.resolved(input.changes.map(resourceOf)) };
    const status = await this.call(() =>
      this.http.call({
        method: 'POST',
        api: configureApi,
        path: '/configure',
        body,
        schema: configureStatusSchema,
        correlationId: input.clientRequestToken,
      }),
    );
    return { changeSetId: status.body.jobId };
  }

  async describeChangeSet(_seller: string | null, jobId: string): Promise<ChangeSetDescription> {
    const { body: job } = await this.call(() =>
      this.http.call({
        method: 'GET',
        api: configureApi,
        path: `/configure/${encodeURIComponent(jobId)}/status`,
        schema: configureStatusSchema,
      }),
    );
    const status = stateOf(job);
    let entityId: string | null = null;
    if (status === 'SUCCEEDED') {
      const { body: offers } = await this.call(() =>
        this.http.call({
          method: 'GET',
          api: { productIngestion: { version: PRIVATE_OFFER_VERSION } },
          path: `/configure/${encodeURIComponent(jobId)}`,
          schema: jobDetailSchema,
        }),
      );
      entityId = offers[0]?.id ?? null;
    }
    const errors = job.errors.map((e) => ({ code: e.code ?? 'Failed', message: e.message ?? 'the configure job failed' }));
    return {
      changeSetId: job.jobId,
      status,
      failureCode: status === 'FAILED' ? (errors[0]?.code ?? 'Failed') : null,
      failureDescription: status === 'FAILED' ? errors.map((e) => e.message).join('; ') || null : null,
      changes: [{ changeType: AZURE_CONFIGURE_CHANGE, changeName: null, entityId, errors }],
    };
  }

  /**
   * The live private offers a configure request would have created: same
   * type, name and customers. Configure carries no idempotency key, so a
   * set whose answer was lost is looked for here before it is sent again
   * (GET private-offer/query, "Private offers submission API overview").
   */
  async findCreatedPrivateOffers(changes: CatalogChange[]): Promise<QueriedPrivateOffer[]> {
    const offer = changes.map(resourceOf).find((r) => r.$schema === PI_SCHEMA.privateOffer);
    if (!offer || typeof offer.id === 'string') return [];
    const customers = beneficiaryIds(offer);
    const { body } = await this.call(() =>
      this.http.call({
        method: 'GET',
        api: { productIngestion: { version: PRIVATE_OFFER_VERSION } },
        path: '/private-offer/query',
        schema: privateOfferQuerySchema,
      }),
    );
    return body.value.filter(
      (o) =>
        o.state === 'live' &&
        o.name === offer.name &&
        o.privateOfferType?.toLowerCase() === String(offer.privateOfferType).toLowerCase() &&
        sameSet(beneficiaryIds(o), customers),
    );
  }

  private async resolved(resources: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const offerIds = referencedOfferIds(resources);
    for (const offerId of offerIds) if (!this.durableIds.has(offerId)) await this.lookUp(offerId);
    try {
      return withDurableIds(resources, (offerId) => this.durableIds.get(offerId) ?? null);
    } catch (error) {
      if (!(error instanceof UnknownReferenceError)) throw error;
      // Remembered ids may predate a plan (or product) added since: look once more before refusing.
      for (const offerId of offerIds) await this.lookUp(offerId);
      try {
        return withDurableIds(resources, (offerId) => this.durableIds.get(offerId) ?? null);
      } catch (again) {
        if (again instanceof UnknownReferenceError) throw new CatalogRejectedError(again.code, again.message);
        throw again;
      }
    }
  }

  private async lookUp(offerId: string): Promise<void> {
    this.durableIds.set(offerId, await this.call(() => this.products.durableIds(offerId)));
  }

  /** The Azure failure kinds, as the change-set flow acts on them: retry later, or refused for good. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof AzureCallError)) throw error;
      if (error.kind === 'RETRYABLE') throw new CatalogRetryLaterError(error.status === 429 ? 'THROTTLED' : 'SERVER_FAULT', error.message);
      if (error.kind === 'CONFLICT') throw new CatalogRetryLaterError('ENTITY_LOCKED', error.message);
      throw new CatalogRejectedError(error.kind === 'BAD_REQUEST' ? 'SchemaValidation' : error.kind, error.message);
    }
  }
}

/** A configure change is one resource (the AWS side of the port allows a list). */
const resourceOf = (change: CatalogChange): Record<string, unknown> =>
  Array.isArray(change.Details) ? (change.Details[0] ?? {}) : change.Details;

const beneficiaryIds = (offer: { beneficiaries?: unknown }): string[] =>
  Array.isArray(offer.beneficiaries) ? offer.beneficiaries.map((b: { id?: unknown }) => String(b.id)) : [];

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function stateOf(job: ConfigureStatus): ChangeSetDescription['status'] {
  if (job.jobStatus === 'notStarted') return 'PREPARING';
  if (job.jobStatus === 'running' || job.jobResult === 'pending') return 'APPLYING';
  return job.jobResult === 'succeeded' ? 'SUCCEEDED' : 'FAILED';
}
