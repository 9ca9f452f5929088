import type { Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { DataFeedBucket, FeedObjectRange, FeedObjectSummary } from './data-feed-bucket.port';

/** "bytes 120-4095/4096": the complete length after the slash. */
const completeLength = (contentRange: string | undefined): number | undefined => {
  const match = /\/(\d+)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : undefined;
};

/**
 * The seller's data-feed bucket on S3 (ListObjectsV2, ranged GetObject), or
 * an S3-compatible endpoint such as the marketplace sandbox's, addressed
 * path-style. Built from AWS_DATA_FEED_*; null config means no bucket.
 */
@Injectable()
export class S3DataFeedClient implements DataFeedBucket, OnModuleDestroy {
  readonly bucket: string;
  private readonly s3: S3Client;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const feeds = config.awsDataFeeds;
    this.bucket = feeds?.bucket ?? '';
    this.s3 = new S3Client({
      region: feeds?.region ?? config.AWS_REGION,
      endpoint: feeds?.endpoint,
      forcePathStyle: feeds?.endpoint !== undefined,
      // The sandbox takes any credentials; on AWS the deployment's credential chain applies.
      credentials:
        feeds?.endpoint !== undefined
          ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY }
          : undefined,
      maxAttempts: 3,
    });
  }

  async list(prefix: string): Promise<FeedObjectSummary[]> {
    const objects: FeedObjectSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) objects.push({ key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '' });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return objects;
  }

  async read(key: string, start: number, end: number): Promise<FeedObjectRange | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end - 1}` }));
      return {
        body: object.Body as Readable,
        etag: object.ETag ?? '',
        start,
        objectSize: completeLength(object.ContentRange) ?? start + (object.ContentLength ?? 0),
      };
    } catch (error) {
      // 416: the range starts at or past the object's end.
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416) return null;
      throw error;
    }
  }

  onModuleDestroy(): void {
    this.s3.destroy();
  }
}
