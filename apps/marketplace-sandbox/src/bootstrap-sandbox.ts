import { createLogger, type AppConfig } from '@bridge/config';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { SandboxOptions } from './core/sandbox-options';
import { SandboxModule } from './sandbox.module';

export interface SandboxBootstrapOptions {
  /** Port to listen on; 0 picks a free one (read it back from `app.getHttpServer().address()`). */
  port?: number;
  /** Where EventBridge, SNS and Azure webhook calls go; defaults to config.sandboxEventTargetUrl. */
  eventTargetUrl?: string;
}

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
  };
  const app = await NestFactory.create<NestExpressApplication>(SandboxModule.forRoot(sandboxOptions), {
    bodyParser: false,
    logger: createLogger(config),
  });
  app.useBodyParser('json', { type: JSON_CONTENT_TYPES, limit: '2mb' });
  await app.listen(port, config.SANDBOX_HOST);
  const listening = (app.getHttpServer().address() as AddressInfo).port;
  // A port the caller chose (0 picks a free one) is known only now, and is no
  // port the configured URL names: the URLs handed out must use it.
  if (options.port !== undefined) sandboxOptions.publicUrl = `http://127.0.0.1:${listening}`;
  Logger.log(`Marketplace sandbox listening on ${config.SANDBOX_HOST}:${listening}, reached at ${sandboxOptions.publicUrl}`, 'Sandbox');
  return app;
}
