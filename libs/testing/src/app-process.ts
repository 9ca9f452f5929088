import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, from the sources (tests) or from dist/ (benchmarks). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}
const ROOT = repositoryRoot();

export type AppName = 'api' | 'attribution-bridge' | 'metering' | 'private-offers' | 'listing-sync' | 'marketplace-sandbox';

/**
 * The Node flags an app runs with in production (package.json's start:api
 * and docker-compose.yml pass the same): the API's heap is bounded, because
 * under many concurrent reads V8 otherwise grows it with garbage long before
 * collecting (peak RSS 475-540 MB at 16 clients against a live set that fits
 * in 160 MB; README, bench:reads). The young generation is 8 MB semi-spaces,
 * not 2: a streamed export (the leaderboard CSV, 1.6 MB) took 67 scavenges
 * and 373 ms of CPU with 2 MB, 16 and 232 ms with 8 (bench:reads-cpu), for
 * some 30 MB more at peak; page-sized reads cost the same either way.
 * `--liftoff-only` keeps Prisma's query compiler (a 3.4 MB WebAssembly
 * module) in V8's baseline code: optimising it as well took some 60 MB of
 * resident memory for no measurable gain (a warmed Prisma query 0.18 ms of
 * CPU with the optimiser, 0.16 without).
 */
export const APP_NODE_FLAGS: Partial<Record<AppName, string[]>> = {
  api: ['--max-old-space-size=160', '--max-semi-space-size=8', '--liftoff-only'],
};

/**
 * One of the product's apps as its own process (the built `dist/` entry),
 * for benchmarks and fault tests that must kill or restart it. Output is
 * kept in memory so a failure can show what the app said.
 */
export class AppProcess {
  private child?: ChildProcess;
  private output: string[] = [];
  starts = 0;

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    const entry = path.join(ROOT, 'dist', 'apps', this.name, 'src', 'main.js');
    // Only the given environment: an app must run on what its configuration names.
    this.child = spawn(process.execPath, [...(APP_NODE_FLAGS[this.name] ?? []), entry], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts += 1;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    return this;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Sends a signal and waits for the process to be gone (SIGKILL leaves it no
   * time to clean up). With `graceMs`, a process still there after it is
   * SIGKILLed: a suite that failed midway must still end.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs?: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const overdue = graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(overdue);
  }

  logs(): string {
    return this.output.join('');
  }
}

/** Polls a URL until it answers 200 (a started API or sandbox), or fails with the app's output. */
export async function waitUntilHealthy(url: string, app?: AppProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app && !app.running) throw new Error(`${app.name} exited while starting:\n${app.logs()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms${app ? `:\n${app.logs()}` : ''}`);
}
