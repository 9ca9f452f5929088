import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseSegment, type SegmentContext, type SegmentResult } from './feed-segment.parser';
import type { FeedSegment } from './feed-segmenter';

/** A segment parsed: its COPY text as bytes, with what was read and set aside. */
export type ParsedSegment = Omit<SegmentResult, 'copy'> & { bytes: Uint8Array };

export interface SegmentRequest {
  id: number;
  bytes: Uint8Array;
  startLine: number;
}
export type SegmentReply = { id: number; result: ParsedSegment; failure?: undefined } | { id: number; failure: string; result?: undefined };

interface Pending {
  resolve: (result: ParsedSegment) => void;
  reject: (error: Error) => void;
}

const WORKER_FILE = path.join(__dirname, 'feed-parse.worker');
/**
 * A segment's records live until its COPY text is built: with V8's default
 * young generation they outlive two scavenges and are promoted, and old-space
 * collection then costs more than the parse itself. A larger young generation
 * lets them die young; a capped old generation keeps each thread's memory
 * flat (what a thread keeps is its code, one segment, and small caches).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 64 };

/**
 * Parses an import's segments on worker threads (csv-parse is the costliest
 * step of an import, and it parallelises: segments hold whole records). With
 * no threads it parses inline, the same function on the calling thread.
 * Results come back in the order segments went in.
 */
export class FeedParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy: number[] = [];
  private nextId = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(
    private readonly context: SegmentContext,
    threads: number,
  ) {
    for (let i = 0; i < threads; i++) {
      this.workers.push(this.spawn(i));
      this.busy.push(0);
    }
  }

  /** How many segments are worth having in flight at once. */
  get depth(): number {
    return Math.max(1, this.workers.length * 2);
  }

  parse(segment: FeedSegment): Promise<ParsedSegment> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) {
      const { copy, ...result } = parseSegment(segment.bytes, segment.startLine, this.context);
      return Promise.resolve({ ...result, bytes: Buffer.from(copy) });
    }
    const id = this.nextId++;
    const index = this.busy.indexOf(Math.min(...this.busy));
    this.busy[index] += 1;
    // A copy the worker can own: the segment may be a view into a larger read buffer.
    const bytes = new Uint8Array(segment.bytes);
    const request: SegmentRequest = { id, bytes, startLine: segment.startLine };
    return new Promise<ParsedSegment>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (result) => ((this.busy[index] -= 1), resolve(result)),
        reject,
      });
      this.workers[index].postMessage(request, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }

  private spawn(index: number): Worker {
    // Built code runs the compiled worker; from TypeScript source (the tests) it is compiled on load.
    const worker = __filename.endsWith('.ts')
      ? new Worker(
          `require(${JSON.stringify(path.join(__dirname, '../../../../tools/typescript-hook.js'))}); require(${JSON.stringify(`${WORKER_FILE}.ts`)});`,
          { eval: true, workerData: this.context, resourceLimits: WORKER_LIMITS },
        )
      : new Worker(`${WORKER_FILE}.js`, { workerData: this.context, resourceLimits: WORKER_LIMITS });
    worker.on('message', (reply: SegmentReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.failure !== undefined) pending?.reject(new Error(`feed parser thread: ${reply.failure}`));
      else pending?.resolve(reply.result);
    });
    worker.on('error', (error) => this.fail(new Error(`feed parser thread ${index} stopped: ${error.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.closing) this.fail(new Error(`feed parser thread ${index} exited with code ${code}`));
    });
    return worker;
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
