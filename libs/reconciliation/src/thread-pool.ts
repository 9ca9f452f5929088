import path from 'node:path';
import { parentPort, Worker, workerData, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

interface Request<Input> {
  id: number;
  input: Input;
}
type Reply<Output> = { id: number; output: Output; failure?: undefined } | { id: number; failure: string; output?: undefined };

interface Pending<Output> {
  resolve: (output: Output) => void;
  reject: (error: Error) => void;
}

/**
 * The import's threads keep little (their code, one piece of work, small
 * caches) but churn through short-lived objects: a young generation of
 * 24 MB lets those die young instead of being promoted (with V8's defaults,
 * old-space collection cost more than the work itself; 16 MB cost a parser
 * thread 0.5 s more per million lines), and an old generation capped at
 * 32 MB keeps each thread's memory flat.
 */
export const PARSER_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 32 };

/**
 * A few worker threads running one pure function, or none (the same function
 * inline). Work goes to the least busy thread; callers keep the promises in
 * their own order. `workerFile` is the worker's module path without
 * extension, next to its caller.
 */
export class ThreadPool<Context, Input, Output> {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private readonly pending = new Map<number, Pending<Output>>();
  private nextId = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(
    private readonly name: string,
    workerFile: string,
    private readonly context: Context,
    threads: number,
    private readonly inline: (input: Input, context: Context) => Output,
    private readonly limits: ResourceLimits = PARSER_THREAD_LIMITS,
  ) {
    for (let i = 0; i < threads; i++) {
      this.workers.push(this.spawn(workerFile, i));
      this.busy.push(0);
    }
  }

  /** How many pieces of work are worth having in flight at once. */
  get depth(): number {
    return Math.max(1, this.workers.length * 2);
  }

  run(input: Input, transfer: TransferListItem[] = []): Promise<Output> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(this.inline(input, this.context));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const id = this.nextId++;
    const index = this.busy.indexOf(Math.min(...this.busy));
    this.busy[index] += 1;
    return new Promise<Output>((resolve, reject) => {
      this.pending.set(id, { resolve: (output) => ((this.busy[index] -= 1), resolve(output)), reject });
      this.workers[index].postMessage({ id, input } satisfies Request<Input>, transfer);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }

  private spawn(workerFile: string, index: number): Worker {
    // Built code runs the compiled worker; from TypeScript source (the tests) it is compiled on load.
    const options = { workerData: this.context, resourceLimits: this.limits };
    const worker = __filename.endsWith('.ts')
      ? new Worker(
          `require(${JSON.stringify(path.join(__dirname, '../../../tools/typescript-hook.js'))}); require(${JSON.stringify(`${workerFile}.ts`)});`,
          { ...options, eval: true },
        )
      : new Worker(`${workerFile}.js`, options);
    worker.on('message', (reply: Reply<Output>) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.failure !== undefined) pending?.reject(new Error(`${this.name} thread: ${reply.failure}`));
      else pending?.resolve(reply.output);
    });
    worker.on('error', (error) => this.fail(new Error(`${this.name} thread ${index} stopped: ${error.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.closing) this.fail(new Error(`${this.name} thread ${index} exited with code ${code}`));
    });
    return worker;
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/**
 * The worker side: answers each request with `work(input, context)`, moving
 * the ArrayBuffers that `transferOf` names instead of copying them.
 */
export function serveThreadRequests<Context, Input, Output>(
  work: (input: Input, context: Context) => Output,
  transferOf: (output: Output) => TransferListItem[] = () => [],
): void {
  const port = parentPort;
  const context = workerData as Context;
  port?.on('message', ({ id, input }: Request<Input>) => {
    try {
      const output = work(input, context);
      port.postMessage({ id, output } satisfies Reply<Output>, transferOf(output));
    } catch (error) {
      port.postMessage({ id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply<Output>);
    }
  });
}
