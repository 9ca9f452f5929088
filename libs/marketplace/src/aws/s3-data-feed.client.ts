import type { Readable } from 'node:stream';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { S3Client } from '@aws-sdk/client-s3';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import type { DataFeedBucket, FeedObjectRange, FeedObjectSummary } from './data-feed-bucket.port';

/** "bytes 120-4095/4096": the complete length after the slash. */
const completeLength = (contentRange: string | undefined): number | undefined => {
  const match = /\/(\d+)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : undefined;
};

/** The SDK's HTTP status of a failed call. */
const statusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

/**
 * The seller's data-feed bucket on S3 (ListObjectsV2, ranged GetObject), or
 * an S3-compatible endpoint such as the marketplace sandbox's, addressed
 * path-style. Built from AWS_DATA_FEED_*.
 *
 * The S3 client is loaded on the first poll, not with the module: every app
 * that uses the marketplace adapters loads this one, and only the worker that
 * polls needs S3 (its SDK package alone takes half a second to load here).
 */
@Injectable()
export class S3DataFeedClient implements DataFeedBucket, OnModuleDestroy {
  readonly bucket: string;
  private s3?: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.bucket = config.awsDataFeeds?.bucket ?? '';
  }

  async list(prefix: string): Promise<FeedObjectSummary[]> {
    const { client, sdk } = await this.connect();
    const objects: FeedObjectSummary[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) objects.push({ key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '' });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return objects;
  }

  async read(key: string, start: number, end: number): Promise<FeedObjectRange | null> {
    const { client, sdk } = await this.connect();
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end - 1}` }));
      return {
        body: object.Body as Readable,
        etag: object.ETag ?? '',
        start,
        objectSize: completeLength(object.ContentRange) ?? start + (object.ContentLength ?? 0),
      };
    } catch (error) {
      // 416: the range starts at or past the object's end.
      if (statusOf(error) === 416) return null;
      throw error;
    }
  }

  onModuleDestroy(): void {
    void this.s3?.then(({ client }) => client.destroy());
  }

  private connect() {
    this.s3 ??= import('@aws-sdk/client-s3').then((sdk) => {
      const feeds = this.config.awsDataFeeds;
      const client = new sdk.S3Client({
        region: feeds?.region ?? this.config.AWS_REGION,
        endpoint: feeds?.endpoint,
        forcePathStyle: feeds?.endpoint !== undefined,
        // The sandbox takes any credentials; on AWS the deployment's credential chain applies.
        credentials:
          feeds?.endpoint !== undefined
            ? { accessKeyId: this.config.AWS_ACCESS_KEY_ID, secretAccessKey: this.config.AWS_SECRET_ACCESS_KEY }
            : undefined,
        maxAttempts: 3,
      });
      return { client, sdk };
    });
    return this.s3;
  }
}
