import { createHash, type Hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../../core/sandbox-options';

export interface BucketObject {
  bytes: Buffer;
  /** Quoted MD5 of the bytes, as S3 gives a single-part object's ETag. */
  etag: string;
  lastModified: Date;
}

/**
 * The seller's data-feed bucket: objects AWS Marketplace only ever appends to
 * (a feed's month file grows daily), so writes append and never touch bytes
 * already written. Replacing an object is a test's way to play a bucket
 * whose object was rewritten by someone else.
 */
@Injectable()
export class SellerBucketStore implements ResettableState {
  readonly bucket: string;
  private objects = new Map<string, BucketObject & { md5: Hash }>();

  constructor(registry: ResetRegistry, @Inject(SANDBOX_OPTIONS) options: SandboxOptions) {
    this.bucket = options.dataFeedBucket;
    registry.register(this);
  }

  append(key: string, text: string, at: Date): void {
    const added = Buffer.from(text);
    const object = this.objects.get(key) ?? { bytes: Buffer.alloc(0), md5: createHash('md5'), etag: '', lastModified: at };
    object.md5.update(added);
    object.bytes = Buffer.concat([object.bytes, added]);
    object.etag = `"${object.md5.copy().digest('hex')}"`;
    object.lastModified = at;
    this.objects.set(key, object);
  }

  replace(key: string, text: string, at: Date): void {
    this.objects.delete(key);
    this.append(key, text, at);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  get(key: string): BucketObject | undefined {
    return this.objects.get(key);
  }

  /** Keys in UTF-8 binary order, as S3 lists them. */
  list(prefix: string): (BucketObject & { key: string })[] {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([key, object]) => ({ key, ...object }));
  }

  reset(): void {
    this.objects = new Map();
  }
}
