import { Injectable } from '@nestjs/common';
import {
  CatalogRejectedError,
  CatalogRetryLaterError,
  type CatalogChange,
  type ChangeSetApi,
  type ChangeSetDescription,
} from '../aws/catalog.port';
import { AzureCallError } from './azure-call.error';
import { AzureHttpClient } from './azure-http.client';
import { AZURE_CONFIGURE_CHANGE } from './private-offer.builder';
import {
  CONFIGURE_VERSION,
  configureStatusSchema,
  jobDetailSchema,
  PI_SCHEMA,
  PRIVATE_OFFER_VERSION,
  type ConfigureStatus,
} from './product-ingestion.schemas';

const configureApi = { productIngestion: { version: CONFIGURE_VERSION } };

/**
 * Azure's catalog writes through the Product Ingestion API, behind the same
 * change-set port as AWS's: a change set is one configure request (its
 * changes are the `$schema`-tagged resources), its id the configure job's,
 * followed by polling `configure/{jobId}/status`. A succeeded job is read
 * back (`configure/{jobId}`) for the private offer it made or changed.
 */
@Injectable()
export class AzureProductIngestionClient implements ChangeSetApi {
  constructor(private readonly http: AzureHttpClient) {}

  async startChangeSet(input: { name: string; clientRequestToken: string; changes: CatalogChange[] }): Promise<{ changeSetId: string }> {
    const body = { $schema: PI_SCHEMA.configure, resources: input.changes.map((c) => c.Details) };
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

function stateOf(job: ConfigureStatus): ChangeSetDescription['status'] {
  if (job.jobStatus === 'notStarted') return 'PREPARING';
  if (job.jobStatus === 'running' || job.jobResult === 'pending') return 'APPLYING';
  return job.jobResult === 'succeeded' ? 'SUCCEEDED' : 'FAILED';
}
