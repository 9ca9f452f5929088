import { createLogger, SANDBOX_DATA_FEED_BUCKET, type AppConfig } from '@bridge/config';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { EntraCertificateService } from './azure/entra/entra-certificate.service';
import type { SandboxOptions } from './core/sandbox-options';
import { SandboxModule } from './sandbox.module';

export interface SandboxBootstrapOptions {
  /** Port to listen on; 0 picks a free one (read it back from `app.getHttpServer().address()`). */
  port?: number;
  /** HTTPS port of the Entra ID stand-in; defaults to config.SANDBOX_ENTRA_PORT, or 0 (a free one) when `port` is given. */
  entraPort?: number;
  /** Where EventBridge, SNS and Azure webhook calls go; defaults to config.sandboxEventTargetUrl. */
  eventTargetUrl?: string;
}

const entraPorts = new WeakMap<INestApplication, number>();

/** Request bodies the SDKs and Azure clients send; all are JSON. */
const JSON_CONTENT_TYPES = ['application/json', 'application/x-amz-json-1.0', 'application/x-amz-json-1.1'];

/**
 * Creates the sandbox app and starts listening on SANDBOX_HOST (127.0.0.1
 * unless told otherwise). Used by main.ts and by test suites that run it
 * in-process.
 */
export async function bootstrapSandbox(config: AppConfig, options: SandboxBootstrapOptions = {}): Promise<INestApplication> {
  const port = options.port ?? config.SANDBOX_PORT;
  const sandboxOptions: SandboxOptions = {
    eventTargetUrl: options.eventTargetUrl ?? config.sandboxEventTargetUrl,
    publicUrl: config.sandboxUrl,
    dataFeedBucket: config.AWS_DATA_FEED_BUCKET ?? SANDBOX_DATA_FEED_BUCKET,
    dataFeedPrefix: config.AWS_DATA_FEED_PREFIX,
  };
  const app = await NestFactory.create<NestExpressApplication>(SandboxModule.forRoot(sandboxOptions), {
    bodyParser: false,
    logger: createLogger(config),
  });
  app.useBodyParser('json', { type: JSON_CONTENT_TYPES, limit: '2mb' });
  // Entra's token endpoint takes a form (client credentials grant).
  app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  await app.listen(port, config.SANDBOX_HOST);
  const entra = await listenForEntra(app, config, options.entraPort ?? (options.port !== undefined ? 0 : config.SANDBOX_ENTRA_PORT));
  entraPorts.set(app, (entra.address() as AddressInfo).port);
  const listening = (app.getHttpServer().address() as AddressInfo).port;
  // A port the caller chose (0 picks a free one) is known only now, and is no
  // port the configured URL names: the URLs handed out must use it.
  if (options.port !== undefined) sandboxOptions.publicUrl = `http://127.0.0.1:${listening}`;
  Logger.log(
    `Marketplace sandbox listening on ${config.SANDBOX_HOST}:${listening}, reached at ${sandboxOptions.publicUrl}; Entra ID stand-in on https port ${(entra.address() as AddressInfo).port}`,
    'Sandbox',
  );
  return app;
}

/**
 * The same app on HTTPS, for the Entra ID stand-in: Microsoft's identity
 * library (MSAL, under @azure/identity) refuses an authority that is not
 * https. Closed with the app.
 */
async function listenForEntra(app: INestApplication, config: AppConfig, port: number): Promise<Server> {
  const certificate = app.get(EntraCertificateService);
  const server = createServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    app.getHttpAdapter().getInstance() as RequestListener,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.SANDBOX_HOST, () => resolve());
  });
  (app.getHttpServer() as Server).once('close', () => {
    server.closeAllConnections();
    server.close();
  });
  return server;
}

/** The port the Entra stand-in of a sandbox started by bootstrapSandbox listens on. */
export function entraPortOf(app: INestApplication): number {
  return entraPorts.get(app) ?? 0;
}
