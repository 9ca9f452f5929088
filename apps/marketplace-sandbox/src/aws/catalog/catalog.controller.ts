import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { StatsService } from '../../core/stats.service';
import { FaultInjector, sleep } from '../../faults/fault-injector.service';
import { AwsErrorFilter } from '../protocol/aws-error.filter';
import { AwsServiceError } from '../protocol/aws-service.error';
import { callerIdentity } from '../protocol/caller-identity';
import { CatalogEntityStore } from './catalog-entity.store';
import { ENTITY_TYPES, type EntityType } from './catalog-entity.types';
import { changeSetSummary, describeChangeSet, describeEntity, entitySummary } from './catalog.presenter';
import { catalogValidation } from './change-set-request.parser';
import { ChangeSetService } from './change-set.service';

const CHANGE_SETS_PAGE = 20;
const ENTITIES_PAGE = 50;

/** AWS Marketplace Catalog API (restJson1): one route per operation, as the SDK's http traits say. */
@Controller()
@UseFilters(AwsErrorFilter)
export class CatalogController {
  constructor(
    private readonly changeSets: ChangeSetService,
    private readonly entities: CatalogEntityStore,
    private readonly faults: FaultInjector,
    private readonly stats: StatsService,
  ) {}

  @Post('StartChangeSet')
  @HttpCode(200)
  start(@Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.run('StartChangeSet', () => {
      const set = this.changeSets.start(body ?? {}, callerIdentity(req));
      return { ChangeSetId: set.id, ChangeSetArn: set.arn };
    });
  }

  @Get('DescribeChangeSet')
  describe(@Query('catalog') catalog: string, @Query('changeSetId') id: string) {
    return this.run('DescribeChangeSet', () => {
      checkCatalog(catalog);
      return describeChangeSet(this.changeSets.get(id));
    });
  }

  @Patch('CancelChangeSet')
  cancel(@Query('catalog') catalog: string, @Query('changeSetId') id: string) {
    return this.run('CancelChangeSet', () => {
      checkCatalog(catalog);
      const set = this.changeSets.cancel(id);
      return { ChangeSetId: set.id, ChangeSetArn: set.arn };
    });
  }

  @Post('ListChangeSets')
  @HttpCode(200)
  list(@Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.run('ListChangeSets', () => {
      checkCatalog(body?.Catalog);
      const filters = (body.FilterList ?? []) as { Name?: string; ValueList?: string[] }[];
      const match = (name: string, value: string | undefined) => {
        const f = filters.find((x) => x.Name === name);
        return !f || (value !== undefined && (f.ValueList ?? []).includes(value));
      };
      const all = this.changeSets
        .list(callerIdentity(req).accountId)
        .filter(
          (s) =>
            match('Status', s.status) &&
            match('ChangeSetName', s.name) &&
            match('ChangeSetId', s.id) &&
            (!filters.some((f) => f.Name === 'EntityId') || s.outcomes.some((o) => match('EntityId', o.entityId))),
        );
      const page = paginate(all, body, CHANGE_SETS_PAGE);
      return { ChangeSetSummaryList: page.items.map(changeSetSummary), NextToken: page.nextToken };
    });
  }

  @Get('DescribeEntity')
  describeEntity(@Query('catalog') catalog: string, @Query('entityId') entityId: string) {
    return this.run('DescribeEntity', () => {
      checkCatalog(catalog);
      const e = this.entities.get(entityId);
      if (!e) throw new AwsServiceError('ResourceNotFoundException', `Entity ${entityId} not found`, 404);
      return describeEntity(e);
    });
  }

  @Post('ListEntities')
  @HttpCode(200)
  listEntities(@Body() body: Record<string, unknown>) {
    return this.run('ListEntities', () => {
      checkCatalog(body?.Catalog);
      const type = String(body.EntityType ?? '').replace(/@1\.0$/, '') as EntityType;
      if (!ENTITY_TYPES.includes(type)) throw catalogValidation(`EntityType must be one of ${ENTITY_TYPES.join(', ')}`);
      const page = paginate(this.entities.list(type), body, ENTITIES_PAGE);
      return { EntitySummaryList: page.items.map(entitySummary), NextToken: page.nextToken };
    });
  }

  private async run<T>(operation: string, fn: () => T): Promise<T> {
    try {
      const fault = this.faults.take(operation, ['throttle', 'error5xx', 'slow']);
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'throttle') throw new AwsServiceError('ThrottlingException', 'Injected fault: throttle', 429);
      if (fault?.kind === 'error5xx') throw new AwsServiceError('InternalServiceException', 'Injected fault: error5xx', 500);
      const out = fn();
      this.stats.countCall(operation, 'Success');
      return out;
    } catch (error) {
      this.stats.countCall(operation, error instanceof AwsServiceError ? error.code : 'InternalError');
      throw error;
    }
  }
}

function checkCatalog(catalog: unknown): void {
  if (catalog !== 'AWSMarketplace') throw catalogValidation('Catalog must be AWSMarketplace');
}

function paginate<T>(all: T[], body: Record<string, unknown>, pageSize: number): { items: T[]; nextToken?: string } {
  const max = body.MaxResults === undefined ? pageSize : Number(body.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > pageSize) throw catalogValidation(`MaxResults must be between 1 and ${pageSize}`);
  const offset = body.NextToken ? Number.parseInt(Buffer.from(String(body.NextToken), 'base64').toString('utf8'), 10) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw catalogValidation('Invalid NextToken');
  const next = offset + max;
  return { items: all.slice(offset, next), nextToken: next < all.length ? Buffer.from(String(next)).toString('base64') : undefined };
}
