import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { uuid } from '../../core/random-id.generator';
import { listBucketResultXml, s3ErrorXml } from './s3-xml.builder';
import { SellerBucketStore } from './seller-bucket.store';

const MAX_KEYS = 1000;

/**
 * The seller's data-feed bucket over the S3 REST API, path-style
 * (`/s3/{bucket}`, `/s3/{bucket}/{key}`), the operations a feed reader needs:
 * ListObjectsV2 and GetObject (whole, or a byte range: 206 with
 * Content-Range; 416 when the range starts at or past the end); HEAD of an
 * object comes with GET. Any credentials are accepted, as elsewhere in the
 * sandbox.
 */
@Controller('s3')
export class S3BucketController {
  constructor(private readonly store: SellerBucketStore) {}

  @Get(':bucket')
  list(@Param('bucket') bucket: string, @Query() query: Record<string, string | undefined>, @Res() response: Response): void {
    if (bucket !== this.store.bucket)
      return this.fail(response, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    if (query['list-type'] !== '2') return this.fail(response, 501, 'NotImplemented', 'Only ListObjectsV2 (list-type=2) is served here');
    const maxKeys = Math.min(MAX_KEYS, Math.max(0, Number(query['max-keys'] ?? MAX_KEYS) || 0));
    const prefix = query.prefix ?? '';
    const token = query['continuation-token'];
    const after = token !== undefined ? Buffer.from(token, 'base64').toString() : query['start-after'];
    const matching = this.store
      .list(prefix)
      .filter((o) => after === undefined || Buffer.compare(Buffer.from(o.key), Buffer.from(after)) > 0);
    const contents = matching.slice(0, maxKeys);
    const truncated = matching.length > contents.length && contents.length > 0;
    response
      .status(200)
      .type('application/xml')
      .setHeader('x-amz-request-id', uuid())
      .send(
        listBucketResultXml({
          bucket,
          prefix,
          maxKeys,
          continuationToken: token,
          startAfter: query['start-after'],
          nextContinuationToken: truncated ? Buffer.from(contents[contents.length - 1].key).toString('base64') : undefined,
          encodingType: query['encoding-type'] === 'url' ? 'url' : undefined,
          contents,
        }),
      );
  }

  @Get(':bucket/*key')
  get(@Param('bucket') bucket: string, @Req() request: Request, @Res() response: Response): void {
    if (bucket !== this.store.bucket)
      return this.fail(response, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    // The key as the client encoded it in the path (every segment URI-encoded, "/" kept).
    const encoded = request.path.slice(`/s3/${encodeURIComponent(bucket)}/`.length);
    const key = encoded.split('/').map(decodeURIComponent).join('/');
    const object = this.store.get(key);
    if (!object) return this.fail(response, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    const size = object.bytes.length;
    response
      .setHeader('x-amz-request-id', uuid())
      .setHeader('ETag', object.etag)
      .setHeader('Last-Modified', object.lastModified.toUTCString())
      .setHeader('Accept-Ranges', 'bytes')
      .type('text/csv');
    const range = request.headers.range;
    if (range === undefined) {
      response.status(200).setHeader('Content-Length', String(size)).end(object.bytes);
      return;
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(range);
    // A range S3 cannot read is ignored, as HTTP says: the whole object.
    if (!match) {
      response.status(200).setHeader('Content-Length', String(size)).end(object.bytes);
      return;
    }
    const first = Number(match[1]);
    if (first >= size) {
      response.setHeader('Content-Range', `bytes */${size}`);
      return this.fail(response, 416, 'InvalidRange', 'The requested range is not satisfiable', {
        RangeRequested: range,
        ActualObjectSize: String(size),
      });
    }
    const last = Math.min(size - 1, match[2] === '' ? size - 1 : Number(match[2]));
    const part = object.bytes.subarray(first, last + 1);
    response
      .status(206)
      .setHeader('Content-Range', `bytes ${first}-${last}/${size}`)
      .setHeader('Content-Length', String(part.length))
      .end(part);
  }

  private fail(response: Response, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
    const requestId = uuid();
    response
      .status(status)
      .type('application/xml')
      .setHeader('x-amz-request-id', requestId)
      .send(s3ErrorXml(code, message, requestId, extra));
  }
}
