import {
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  type MarketplaceCatalogClient,
} from '@aws-sdk/client-marketplace-catalog';
import { loadConfig } from '@bridge/config';
import type { INestApplication } from '@nestjs/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapSandbox, entraPortOf } from '../../apps/marketplace-sandbox/src/bootstrap-sandbox';

/**
 * A JSON body a test navigates freely; the assertions, not the type, check its shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Json;
}

/**
 * A stand-in for the product's webhook endpoints: records every call and
 * answers with the status a test chooses (to make the sandbox retry).
 */
export class EventReceiver {
  readonly calls: ReceivedCall[] = [];
  /** Per path, statuses to answer with, one per call, then 200. */
  private failures = new Map<string, number[]>();
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        this.calls.push({ path: req.url ?? '', headers: req.headers, rawBody: raw, body });
        res.statusCode = this.failures.get(req.url ?? '')?.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Makes the next calls on one path fail with these statuses, so the sandbox retries. */
  fail(path: string, statuses: number[]): void {
    this.failures.set(path, [...statuses]);
  }

  clear(): void {
    this.calls.length = 0;
    this.failures.clear();
  }

  on(path: string): ReceivedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  async waitFor(predicate: (calls: ReceivedCall[]) => boolean, timeoutMs = 5000): Promise<ReceivedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting; received ${JSON.stringify(this.calls.map((c) => c.path))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.calls;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface Sandbox {
  app: INestApplication;
  url: string;
  /** HTTPS port of the Entra ID stand-in (client-credentials tokens for the Azure APIs). */
  entraPort: number;
  receiver: EventReceiver;
  control<T = Json>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }>;
  stop(): Promise<void>;
}

/** Starts an in-process sandbox on a free port, posting its events to a local receiver. */
export async function startSandbox(): Promise<Sandbox> {
  const receiver = new EventReceiver();
  const eventTargetUrl = await receiver.start();
  const app = await bootstrapSandbox(loadConfig(), { port: 0, eventTargetUrl });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    app,
    url,
    entraPort: entraPortOf(app),
    receiver,
    control,
    stop: async () => {
      await app.close();
      await receiver.stop();
    },
  };
}

/** SDK client settings that point at the sandbox. */
export function awsClientConfig(url: string, overrides: { maxAttempts?: number; accessKeyId?: string } = {}) {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: overrides.accessKeyId ?? 'x', secretAccessKey: 'x' },
    maxAttempts: overrides.maxAttempts ?? 1,
  };
}

/** Runs a promise expected to reject and returns the error. Fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Json> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

export const SELLER = '111122223333';
export const BUYER = '444455556666';
export const RESELLER = '777788889999';

/** Polls DescribeChangeSet until the set has ended (SUCCEEDED, FAILED or CANCELLED); up to 10 s, for a loaded machine. */
export async function finishedChangeSet(client: MarketplaceCatalogClient, changeSetId: string): Promise<DescribeChangeSetCommandOutput> {
  for (let i = 0; i < 1000; i++) {
    const d = await client.send(new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: changeSetId }));
    if (!['PREPARING', 'APPLYING'].includes(d.Status!)) return d;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`change set ${changeSetId} did not finish`);
}
