import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { findPage } from '@bridge/pagination';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { Paginated } from '../http/paginated.decorator';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { FeedObjectRepository, type FeedObjectRow } from './feed-object.repository';
import {
  FEED_OBJECTS_ORDER,
  feedObjectsQuery,
  resumeFeedObjectSchema,
  type FeedObjectsQuery,
  type ResumeFeedObject,
  feedObjectsPage,
  feedObjectView,
} from './reconciliation.schemas';
import { Responds } from '../http/responds.decorator';
import { type z } from 'zod';

/**
 * The data-feed objects the product reads from the seller's bucket: how far
 * each is imported, and the ones set aside (rewritten, shrunk, refused) with
 * why. Finance resumes a set-aside object once it has checked it, instead of
 * editing the database.
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/reconciliation/feed-objects')
@Roles(...ROLES_FOR.reconciliation)
export class FeedObjectsController {
  constructor(
    private readonly objects: FeedObjectRepository,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Paginated('objects', 'by bucket and key')
  @Responds(200, feedObjectsPage, 'A page of feed objects')
  async list(@Query(new ZodValidationPipe(feedObjectsQuery, 'query')) query: FeedObjectsQuery): Promise<z.output<typeof feedObjectsPage>> {
    const { rows, page } = await findPage(FEED_OBJECTS_ORDER, query, (args) => this.objects.page(args, query.problem === 'true'));
    return { objects: rows.map(presentFeedObject), page };
  }

  /**
   * The bytes already imported from the object stand; the next poll reads on
   * from where the import stopped (and sets the object aside again if what
   * follows is refused). Recorded with who and why.
   */
  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ schema: openApiSchema(resumeFeedObjectSchema) })
  @Responds(200, feedObjectView, 'The object, resumed: the next poll reads on from where its import stopped')
  async resume(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(resumeFeedObjectSchema)) body: ResumeFeedObject,
  ): Promise<z.output<typeof feedObjectView>> {
    const resumed = await this.objects.transaction(async (tx) => {
      const found = await this.objects.find(body.bucket, body.key, tx);
      if (!found) throw ApiError.notFound(`feed object s3://${body.bucket}/${body.key}`);
      if (!(await this.objects.resume(body.bucket, body.key, tx)))
        throw ApiError.field(HttpStatus.CONFLICT, 'key', 'the object is not set aside: nothing to resume');
      await this.audit.record(
        principal,
        'reconciliation.feed-object-resumed',
        'delivered_feed_object',
        `${body.bucket}/${body.key}`,
        body.reason,
        {
          problem: found.problem,
          offset: found.offset.toString(),
        },
        tx,
      );
      return this.objects.find(body.bucket, body.key, tx);
    });
    return presentFeedObject(resumed!);
  }
}

function presentFeedObject(o: FeedObjectRow) {
  return {
    bucket: o.bucket,
    key: o.key,
    feed: o.feed,
    /** Bytes of the object imported so far. */
    importedBytes: o.offset.toString(),
    etag: o.etag,
    lastImportId: o.lastImportId,
    problem: o.problem ? { reason: o.problem, at: o.problemAt?.toISOString() ?? null } : null,
    updatedAt: o.updatedAt.toISOString(),
  };
}
