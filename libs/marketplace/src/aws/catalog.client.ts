import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  DescribeChangeSetCommand,
  DescribeEntityCommand,
  ListEntitiesCommand,
  MarketplaceCatalogClient,
  StartChangeSetCommand,
} from '@aws-sdk/client-marketplace-catalog';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { awsClientOptions } from './aws-client.options';
import {
  CatalogRejectedError,
  CatalogRetryLaterError,
  type CatalogApi,
  type CatalogChange,
  type CatalogEntity,
  type CatalogEntitySummary,
  type ChangeSetDescription,
  type ChangeSetState,
  type SellerAccount,
} from './catalog.port';

const CATALOG = 'AWSMarketplace';
/** ListEntities returns at most 50 a page. */
const PAGE_SIZE = 50;

const RETRY_LATER: Record<string, CatalogRetryLaterError['reason']> = {
  ResourceInUseException: 'ENTITY_LOCKED',
  ServiceQuotaExceededException: 'QUOTA_EXCEEDED',
  ThrottlingException: 'THROTTLED',
  InternalServiceException: 'SERVER_FAULT',
};

/**
 * The AWS Marketplace Catalog API. A channel offer is made by the reseller in
 * its own seller account, so a client is kept per seller account: against the
 * sandbox the account is the access key (as the sandbox identifies callers);
 * against AWS the credential chain of the deployment applies.
 */
@Injectable()
export class AwsCatalogApi implements CatalogApi, OnModuleDestroy {
  private readonly clients = new Map<string, MarketplaceCatalogClient>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async listEntities(entityType: string, page: { nextToken?: string; modifiedAfter?: string }) {
    const out = await this.call(null, (c) =>
      c.send(
        new ListEntitiesCommand({
          Catalog: CATALOG,
          EntityType: entityType,
          MaxResults: PAGE_SIZE,
          NextToken: page.nextToken,
          FilterList: page.modifiedAfter ? [{ Name: 'LastModifiedDate', ValueList: [page.modifiedAfter] }] : undefined,
          Sort: { SortBy: 'LastModifiedDate', SortOrder: 'ASCENDING' },
        }),
      ),
    );
    const entities: CatalogEntitySummary[] = (out.EntitySummaryList ?? []).map((e) => ({
      entityId: e.EntityId ?? '',
      entityType: e.EntityType ?? entityType,
      name: e.Name ?? null,
      lastModifiedDate: e.LastModifiedDate ?? null,
    }));
    return { entities, nextToken: out.NextToken ?? null };
  }

  async describeEntity(entityId: string): Promise<CatalogEntity> {
    const out = await this.call(null, (c) => c.send(new DescribeEntityCommand({ Catalog: CATALOG, EntityId: entityId })));
    const details =
      (out.DetailsDocument as Record<string, unknown> | undefined) ??
      (out.Details ? (JSON.parse(out.Details) as Record<string, unknown>) : {});
    return {
      entityId: out.EntityIdentifier?.split('@')[0] ?? entityId,
      entityType: out.EntityType ?? '',
      entityArn: out.EntityArn ?? null,
      lastModifiedDate: out.LastModifiedDate ?? null,
      details,
    };
  }

  async startChangeSet(input: { seller: SellerAccount; name: string; clientRequestToken: string; changes: CatalogChange[] }) {
    const out = await this.call(input.seller, (c) =>
      c.send(
        new StartChangeSetCommand({
          Catalog: CATALOG,
          ChangeSetName: input.name,
          ClientRequestToken: input.clientRequestToken,
          ChangeSet: input.changes.map((change) => ({
            ChangeType: change.ChangeType,
            Entity: change.Entity,
            ChangeName: change.ChangeName,
            Details: JSON.stringify(change.Details),
          })),
        }),
      ),
    );
    return { changeSetId: out.ChangeSetId ?? '' };
  }

  async describeChangeSet(seller: SellerAccount, changeSetId: string): Promise<ChangeSetDescription> {
    const out = await this.call(seller, (c) => c.send(new DescribeChangeSetCommand({ Catalog: CATALOG, ChangeSetId: changeSetId })));
    return {
      changeSetId,
      status: (out.Status ?? 'PREPARING') as ChangeSetState,
      failureCode: out.FailureCode ?? null,
      failureDescription: out.FailureDescription ?? null,
      changes: (out.ChangeSet ?? []).map((c) => ({
        changeType: c.ChangeType ?? '',
        changeName: c.ChangeName ?? null,
        entityId: c.Entity?.Identifier?.split('@')[0] ?? null,
        errors: (c.ErrorDetailList ?? []).map((e) => ({ code: e.ErrorCode ?? 'UNKNOWN', message: e.ErrorMessage ?? '' })),
      })),
    };
  }

  private async call<T>(seller: SellerAccount, send: (client: MarketplaceCatalogClient) => Promise<T>): Promise<T> {
    try {
      return await send(this.client(seller));
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      const message = (error as Error).message;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (RETRY_LATER[name]) throw new CatalogRetryLaterError(RETRY_LATER[name], `${name}: ${message}`);
      if (status === 423) throw new CatalogRetryLaterError('ENTITY_LOCKED', `${name}: ${message}`);
      if (status === 402) throw new CatalogRetryLaterError('QUOTA_EXCEEDED', `${name}: ${message}`);
      if (status === 429) throw new CatalogRetryLaterError('THROTTLED', `${name}: ${message}`);
      if (status >= 400 && status < 500) throw new CatalogRejectedError(name, message);
      throw error;
    }
  }

  private client(seller: SellerAccount): MarketplaceCatalogClient {
    const key = seller ?? 'isv';
    let client = this.clients.get(key);
    if (!client) {
      const options = awsClientOptions(this.config);
      // The sandbox knows a seller by its access key; the secret is not checked.
      if (seller && options.credentials) options.credentials = { ...options.credentials, accessKeyId: seller };
      client = new MarketplaceCatalogClient(options);
      this.clients.set(key, client);
    }
    return client;
  }

  onModuleDestroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
