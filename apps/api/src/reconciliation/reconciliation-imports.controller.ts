import { PassThrough } from 'node:stream';
import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ReconciliationImportRepository } from '@bridge/reconciliation';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { ROLES_FOR } from '../auth/role-table';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { IMPORTS_ORDER, importsQuery, uploadQuery, type ImportsQuery, type UploadQuery } from './reconciliation.schemas';
import { Paginated } from '../http/paginated.decorator';
import { pageOf } from '@bridge/pagination';
import { Responds } from '../http/responds.decorator';
import { importDetailView, importsPage, importView } from '../reconciliation/reconciliation.schemas';

const FEEDS = { aws: 'AWS_BILLING_EVENTS', azure: 'AZURE_PAYOUTS' } as const;
const idPipe = new ZodValidationPipe(z.string().uuid(), 'id');

/**
 * Feed imports over HTTP. The request body is the CSV file itself, streamed
 * straight through the importer (never held whole); the answer comes once
 * it has been read: 202 when its rows are stored and matching is queued,
 * 200 for a file already imported, 400 naming the line and column of a
 * malformed line when the file is refused. While a large file streams,
 * GET /v1/reconciliation/imports/:id reports the lines processed so far.
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/reconciliation/imports')
export class ReconciliationImportsController {
  constructor(
    private readonly imports: ReconciliationImportService,
    private readonly records: ReconciliationImportRepository,
  ) {}

  @Post()
  @Roles(...ROLES_FOR.reconciliation)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary', description: 'the feed file, CSV with a header line (layouts: FEEDS.md)' } })
  @Responds(202, importView, 'The rows are stored and matching is queued')
  @Responds(200, importView, 'The same file was imported before: nothing changed')
  @ApiResponse({
    status: 400,
    description:
      'The file was refused, nothing imported: the error names the line and column (`details[].line`) and holds the import as `import`',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(uploadQuery)) query: UploadQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if ((request.headers['content-type'] ?? '').includes('json')) {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'send the feed file itself as the body, with content-type text/csv', [
        { field: 'content-type', reason: 'must be text/csv or application/octet-stream' },
      ]);
    }
    const record = await this.imports.begin({
      feed: FEEDS[query.feed],
      fileName: query.fileName ?? `${query.feed}-upload.csv`,
      origin: 'upload',
      onMalformed: query.onMalformed === 'quarantine' ? 'QUARANTINE' : 'REFUSE',
      actor: principal.actor,
    });
    // The importer may stop reading early (a refused line): it gets its own
    // stream, so the request survives to be drained and answered.
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    // A client that goes away mid-upload fails the import (rolled back), rather than leaving it waiting for bytes.
    request.once('close', () => {
      if (!request.complete) body.destroy(new Error('the upload was interrupted before the end of the file'));
    });
    request.pipe(body);
    const result = await this.imports.run(record.id, body, 'queued');
    request.unpipe(body);
    request.resume();
    const found = await this.records.find(record.id);
    if (result.status === 'REFUSED') {
      const where = result.line !== null ? `line ${result.line}` : 'the file';
      response.status(HttpStatus.BAD_REQUEST).json({
        statusCode: 400,
        error: 'Bad Request',
        message: `import ${record.id} refused, nothing was imported: ${result.error}`,
        details: [{ field: result.column ?? '(file)', reason: `${where}: ${result.error}`, line: result.line }],
        import: found && presentImport(found),
      });
      return;
    }
    response.status(result.status === 'DUPLICATE' ? HttpStatus.OK : HttpStatus.ACCEPTED).json(found && presentImport(found));
  }

  @Get()
  @Roles(...ROLES_FOR.reconciliation)
  @Paginated('imports', 'newest first')
  @Responds(200, importsPage, 'A page of imports, newest first')
  async list(@Query(new ZodValidationPipe(importsQuery, 'query')) query: ImportsQuery): Promise<z.output<typeof importsPage>> {
    const rows = await this.records.list(query.limit + 1, (query.cursor?.[0] as bigint | undefined) ?? null);
    const { rows: imports, page } = pageOf(IMPORTS_ORDER.list, IMPORTS_ORDER.keys, rows, query.limit, (r) => [r.seq]);
    return { imports: imports.map(presentImport), page };
  }

  @Get(':id')
  @Roles(...ROLES_FOR.reconciliation)
  @Responds(200, importDetailView, 'The import, and the lines it set aside')
  async status(@Param('id', idPipe) id: string): Promise<z.output<typeof importDetailView>> {
    const found = await this.records.find(id);
    if (!found) throw ApiError.notFound(`import ${id}`);
    const quarantined = found.rowsQuarantined > 0 ? await this.records.quarantined(id, 1000) : [];
    return {
      ...presentImport(found),
      quarantined: quarantined.map((q) => ({ line: q.line, column: q.column, reason: q.reason, raw: q.raw, rawLength: q.rawLength })),
    };
  }
}

type ImportRecord = NonNullable<Awaited<ReturnType<ReconciliationImportRepository['find']>>>;

function presentImport(r: ImportRecord) {
  return {
    id: r.id,
    feed: r.feed,
    cloud: r.cloud,
    fileName: r.fileName,
    origin: r.origin,
    onMalformed: r.onMalformed,
    status: r.status,
    linesProcessed: r.linesProcessed,
    rowsImported: r.rowsImported,
    rowsQuarantined: r.rowsQuarantined,
    rowsSuperseded: r.rowsSuperseded,
    itemsMatched: r.itemsMatched,
    duplicateOf: r.duplicateOfId,
    contentSha256: r.contentSha256,
    error: r.error ? { message: r.error, line: r.errorLine, column: r.errorColumn } : null,
    /** Where the bytes came from: a data-feed object and its byte range, read by the product itself (origin "s3"). */
    source:
      r.sourceKey === null
        ? null
        : { bucket: r.sourceBucket, key: r.sourceKey, rangeStart: r.sourceRangeStart, rangeEnd: r.sourceRangeEnd, etag: r.sourceEtag },
    /** The file began with an earlier import's bytes, byte for byte: those records were not read or stored again. */
    continues: r.continuesImportId === null ? null : { importId: r.continuesImportId, bytes: r.bytesContinued },
    createdBy: r.actor,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
