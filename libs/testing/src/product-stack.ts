import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@bridge/config';
import { bootstrapWorker } from '@bridge/queues';
import { bootstrapApi } from '../../../apps/api/src/bootstrap-api';
import { AttributionBridgeModule } from '../../../apps/attribution-bridge/src/attribution-bridge.module';
import { bootstrapSandbox } from '../../../apps/marketplace-sandbox/src/bootstrap-sandbox';
import { deleteQueueKeys } from './queue-cleaner';

export interface ProductStack {
  config: AppConfig;
  apiUrl: string;
  sandboxUrl: string;
  /** Stops the apps that are running, then removes the suite's queue keys. */
  stop(): Promise<void>;
}

/**
 * The real apps in this process, on real HTTP ports, PostgreSQL and Redis:
 * the sandbox standing in for the clouds, the API, and the workers asked for.
 */
export async function startProductStack(
  config: AppConfig,
  options: { workers?: boolean; extraWorkers?: ((config: AppConfig) => DynamicModule)[] } = {},
): Promise<ProductStack> {
  const started: INestApplicationContext[] = [];
  const sandbox = await bootstrapSandbox(config, { eventTargetUrl: `http://127.0.0.1:${config.PORT}` });
  started.push(sandbox);
  if (options.workers !== false) started.push(await bootstrapWorker(AttributionBridgeModule.forRoot(config), config));
  for (const moduleFor of options.extraWorkers ?? []) started.push(await bootstrapWorker(moduleFor(config), config));
  started.push(await bootstrapApi(config));
  return {
    config,
    apiUrl: `http://127.0.0.1:${config.PORT}`,
    sandboxUrl: config.sandboxUrl,
    async stop() {
      for (const app of started.reverse()) await app.close();
      await deleteQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
    },
  };
}
