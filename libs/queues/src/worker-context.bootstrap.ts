import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfig, runMain, type AppConfig } from '@bridge/config';
import { CONSUMED_QUEUES } from './queues.module';
import { BullMqServer, type ConsumedQueue } from './transport/bullmq.server';
import { JobErrorsToQueue } from './transport/job-errors.filter';

/**
 * A worker process: a Nest microservice fed by the BullMQ transport, no HTTP.
 * It consumes the queues its module declares (`QueueWorkersModule.forQueues`);
 * a module that declares none is a plain application context that only
 * produces. Signals are runMain's: one graceful close, not two.
 */
export async function bootstrapWorker(module: DynamicModule, config: AppConfig): Promise<INestMicroservice> {
  const server = new BullMqServer(config);
  // abortOnError false: a failure (a miswired module, a lookup below) is thrown
  // to the caller (runMain logs it and exits 1) instead of exiting the process
  // from inside Nest, which would also end a test run.
  const app = await NestFactory.createMicroservice(module, { strategy: server, logger: createLogger(config), abortOnError: false });
  app.useGlobalFilters(new JobErrorsToQueue());
  await app.init();
  server.consume(consumedQueuesOf(app));
  await app.listen();
  return app;
}

/** The whole `main.ts` of a worker app. */
export function runWorkerApp(name: string, moduleFor: (config: AppConfig) => DynamicModule): void {
  runMain(name, async () => {
    const config = loadConfig();
    const app = await bootstrapWorker(moduleFor(config), config);
    return { stop: () => app.close(), describe: `${name} is consuming its queues` };
  });
}

function consumedQueuesOf(app: INestMicroservice): ConsumedQueue[] {
  try {
    return app.get<ConsumedQueue[]>(CONSUMED_QUEUES, { strict: false });
  } catch {
    return []; // a module that consumes nothing: it only produces
  }
}
