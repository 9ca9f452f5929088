import 'reflect-metadata';
import { loadConfig, runMain, type AppConfig, type RunningApp } from '@bridge/config';
import { bootstrapWorkerContext } from '@bridge/queues';
import { bootstrapApi } from '../../api/src/bootstrap-api';
import { AttributionBridgeModule } from '../../attribution-bridge/src/attribution-bridge.module';
import { ListingSyncModule } from '../../listing-sync/src/listing-sync.module';
import { bootstrapSandbox } from '../../marketplace-sandbox/src/bootstrap-sandbox';
import { MeteringModule } from '../../metering/src/metering.module';
import { PrivateOffersModule } from '../../private-offers/src/private-offers.module';

/**
 * Every app in one process, for a laptop or a demo: the marketplace sandbox
 * (unless MARKETPLACE_TARGET=cloud), the workers, then the API. Each keeps its
 * own Nest container, exactly as when it runs as its own process.
 */
export async function startAll(config: AppConfig): Promise<RunningApp[]> {
  const started: RunningApp[] = [];
  if (config.MARKETPLACE_TARGET === 'sandbox') {
    const sandbox = await bootstrapSandbox(config);
    started.push({ stop: () => sandbox.close(), describe: `marketplace sandbox on ${config.sandboxUrl}` });
  }
  const workers = [AttributionBridgeModule, MeteringModule, PrivateOffersModule, ListingSyncModule];
  for (const module of workers) {
    const app = await bootstrapWorkerContext(module.forRoot(config), config);
    started.push({ stop: () => app.close(), describe: `${module.name} running` });
  }
  const api = await bootstrapApi(config);
  started.push({ stop: () => api.close(), describe: `API on http://127.0.0.1:${config.PORT} (OpenAPI UI at /docs)` });
  return started;
}

if (require.main === module) runMain('marketplace-partner-bridge', () => startAll(loadConfig()));
