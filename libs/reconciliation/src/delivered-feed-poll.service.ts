import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type { DataFeedBucket, FeedObjectSummary } from '@bridge/marketplace';
import { DeliveredBytesQueue } from './delivered-bytes.queue';
import { DeliveredFeedObjectRepository, type DeliveredFeedObjectState } from './delivered-feed-object.repository';
import { ReconciliationImportService } from './reconciliation-import.service';
import { RecordBoundaryCutter } from './record-boundary.cutter';

/**
 * Where AWS delivers the billing event feed in the seller's bucket: one object
 * a month, `<data-feed-name>_<version>/year=YYYY/month=MM/data.csv`, appended
 * to daily (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-details.html).
 */
export const BILLING_EVENT_FEED_FOLDER = 'billing_event_v1/';
const MONTH_OBJECT = /^year=\d{4}\/month=\d{2}\/data\.csv$/;

export type DeliveredFeedOutcome =
  | { key: string; outcome: 'IMPORTED' | 'DUPLICATE'; importId: string; start: number; end: number; records: number }
  | { key: string; outcome: 'UNCHANGED' | 'WAITING' }
  | { key: string; outcome: 'REPORTED' | 'FAILED'; detail: string };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Imports what was appended to the delivered feed objects since the last
 * poll. Each object's offset (always at a record boundary) is kept in
 * PostgreSQL; a poll reads the object from there with one ranged GET, imports
 * the whole records it finds, prefixed by the object's header line, as an
 * ordinary import, and moves the offset to their end.
 *
 * Exactly once: before importing, the end the poll reads to is noted; should
 * the process die after the import committed and before the offset moved,
 * the next poll reads the same bytes again, which the importer knows by their
 * SHA-256 (a DUPLICATE, nothing changes), and only then moves on.
 *
 * An object that shrank, or whose imported bytes changed (each read starts
 * with the last bytes already imported, compared with their stored hash: the
 * ETag cannot tell, as every append changes it), is reported and set aside,
 * never imported again from a guess. One object failing does not stop the
 * others; its range is read again next poll.
 */
@Injectable()
export class DeliveredFeedPollService {
  private readonly logger = new Logger(DeliveredFeedPollService.name);

  constructor(
    private readonly objects: DeliveredFeedObjectRepository,
    private readonly imports: ReconciliationImportService,
  ) {}

  /** One poll of the bucket; undefined when another process is polling it right now. */
  async poll(bucket: DataFeedBucket, prefix: string): Promise<DeliveredFeedOutcome[] | undefined> {
    return this.objects.exclusively(async () => {
      const folder = `${prefix}${BILLING_EVENT_FEED_FOLDER}`;
      const listed = (await bucket.list(folder)).filter((o) => MONTH_OBJECT.test(o.key.slice(folder.length)));
      listed.sort((a, b) => a.key.localeCompare(b.key));
      const outcomes: DeliveredFeedOutcome[] = [];
      for (const object of listed) {
        try {
          outcomes.push(await this.pollObject(bucket, object));
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          this.logger.error(`data feed s3://${bucket.bucket}/${object.key}: ${detail}; read again next poll`);
          outcomes.push({ key: object.key, outcome: 'FAILED', detail });
        }
      }
      return outcomes;
    });
  }

  private async pollObject(bucket: DataFeedBucket, object: FeedObjectSummary): Promise<DeliveredFeedOutcome> {
    const { key } = object;
    const state = await this.objects.state(bucket.bucket, key, 'AWS_BILLING_EVENTS');
    if (state.problem !== null) {
      this.logger.warn(`data feed s3://${bucket.bucket}/${key} is set aside: ${state.problem}`);
      return { key, outcome: 'REPORTED', detail: state.problem };
    }
    const until = state.pendingUntil ?? object.size;
    if (object.size < until || object.size < state.offset) {
      return this.report(bucket, key, `the object is ${object.size} bytes, shorter than the ${Math.max(until, state.offset)} already read`);
    }
    if (until <= state.offset) return { key, outcome: 'UNCHANGED' };
    await this.objects.markPending(bucket.bucket, key, until);

    const range = await bucket.read(key, state.offset - state.tailLength, until);
    if (range === null) return this.report(bucket, key, `the object no longer reaches byte ${state.offset - state.tailLength}`);
    const queue = new DeliveredBytesQueue(range.body);
    try {
      const tail = await queue.take(state.tailLength);
      if (state.tailLength > 0 && sha256(tail) !== state.tailSha256) {
        return await this.report(bucket, key, `its bytes before ${state.offset} changed since they were imported`);
      }
      return await this.importAppended(bucket, key, state, queue, range.etag);
    } finally {
      await queue.close();
    }
  }

  private async importAppended(
    bucket: DataFeedBucket,
    key: string,
    state: DeliveredFeedObjectState,
    queue: DeliveredBytesQueue,
    etag: string,
  ): Promise<DeliveredFeedOutcome> {
    let header: Buffer | null = state.header === null ? null : Buffer.from(state.header);
    let start = state.offset;
    if (state.offset === 0) {
      header = await queue.takeRecord();
      if (header === null) return { key, outcome: 'WAITING' };
      start = header.length;
    }
    if (header === null) return this.report(bucket, key, 'its header line was never read');
    if (!(await queue.hasRecord())) {
      if (state.offset === 0) await this.objects.headerRead(bucket.bucket, key, header.toString(), start, sha256(header), header.length);
      return { key, outcome: 'WAITING' };
    }

    const cutter = new RecordBoundaryCutter();
    // pipeline, not pipe: a read that fails midway must fail the import, not leave it waiting.
    const records = pipeline(Readable.from(queue.rest()), cutter, () => undefined);
    const file = Readable.from(
      (async function* () {
        yield header;
        yield* records;
      })(),
    );
    const record = await this.imports.begin({
      feed: 'AWS_BILLING_EVENTS',
      fileName: key,
      origin: 's3',
      onMalformed: 'REFUSE',
      actor: 'data-feed poller',
    });
    const result = await this.imports.run(record.id, file, 'inline');
    if (result.status === 'REFUSED') {
      const where = result.line === null ? '' : ` at line ${result.line} of the import (line 1 is the object's header)`;
      return this.report(
        bucket,
        key,
        `import ${record.id} of bytes ${start}-${start + cutter.passedBytes} was refused${where}: ${result.error}`,
      );
    }
    const end = start + cutter.passedBytes;
    await this.objects.advance(bucket.bucket, key, {
      importId: record.id,
      etag,
      start,
      end,
      header: header.toString(),
      tailSha256: sha256(cutter.lastBytes),
      tailLength: cutter.lastBytes.length,
    });
    this.logger.log(
      `data feed s3://${bucket.bucket}/${key}: bytes ${start}-${end} (${cutter.records} events) imported as ${record.id}: ${result.status}`,
    );
    return {
      key,
      outcome: result.status === 'DUPLICATE' ? 'DUPLICATE' : 'IMPORTED',
      importId: record.id,
      start,
      end,
      records: cutter.records,
    };
  }

  private async report(bucket: DataFeedBucket, key: string, problem: string): Promise<DeliveredFeedOutcome> {
    await this.objects.reportProblem(bucket.bucket, key, problem);
    this.logger.error(`data feed s3://${bucket.bucket}/${key} is set aside, not imported: ${problem}`);
    return { key, outcome: 'REPORTED', detail: problem };
  }
}
