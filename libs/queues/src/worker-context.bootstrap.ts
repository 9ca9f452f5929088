import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfig, runMain, type AppConfig } from '@bridge/config';

/** A worker process: no HTTP, just its queues. Signals are runMain's: one graceful close, not two. */
export async function bootstrapWorkerContext(module: DynamicModule, config: AppConfig) {
  const app = await NestFactory.createApplicationContext(module, { logger: createLogger(config) });
  await app.init();
  return app;
}

/** The whole `main.ts` of a worker app. */
export function runWorkerApp(name: string, moduleFor: (config: AppConfig) => DynamicModule): void {
  runMain(name, async () => {
    const config = loadConfig();
    const app = await bootstrapWorkerContext(moduleFor(config), config);
    return { stop: () => app.close(), describe: `${name} is consuming its queues` };
  });
}
