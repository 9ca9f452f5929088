import type { Readable } from 'node:stream';

/** An object of the seller's data-feed bucket as a listing shows it. */
export interface FeedObjectSummary {
  key: string;
  size: number;
  etag: string;
}

/** The bytes of an object from `start` to its end, as one ranged read gave them. */
export interface FeedObjectRange {
  body: Readable;
  /** The object's ETag when read. */
  etag: string;
  start: number;
  /** The object's whole length when read (Content-Range's complete length). */
  objectSize: number;
}

/**
 * What the product needs of the bucket AWS Marketplace delivers the seller
 * data feeds to: what objects there are under a prefix, and an object's bytes
 * from a given offset (a feed object is appended to, so only the new end is
 * read). The S3 client implements it; the marketplace sandbox serves a bucket.
 */
export interface DataFeedBucket {
  readonly bucket: string;
  list(prefix: string): Promise<FeedObjectSummary[]>;
  /** From `start` up to (not including) `end`; null when the object no longer reaches `start` (it shrank). */
  read(key: string, start: number, end: number): Promise<FeedObjectRange | null>;
}

export const DATA_FEED_BUCKET = Symbol('DATA_FEED_BUCKET');
