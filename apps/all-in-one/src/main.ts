import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DEMO_ADMIN_API_KEY, loadConfig, runMain, type AppConfig, type RunningApp } from '@bridge/config';
import { bootstrapWorker } from '@bridge/queues';
import { bootstrapApi } from '../../api/src/bootstrap-api';
import { AttributionBridgeModule } from '../../attribution-bridge/src/attribution-bridge.module';
import { ListingSyncModule } from '../../listing-sync/src/listing-sync.module';
import { bootstrapSandbox } from '../../marketplace-sandbox/src/bootstrap-sandbox';
import { MeteringModule } from '../../metering/src/metering.module';
import { PrivateOffersModule } from '../../private-offers/src/private-offers.module';
import { runDemoSeed } from './demo/demo-seed.runner';

/**
 * Every app in one process, for a laptop or a demo: the marketplace sandbox
 * (unless MARKETPLACE_TARGET=cloud), the workers, then the API. Each keeps its
 * own Nest container, exactly as when it runs as its own process. With the
 * sandbox and DEMO_SEED (the default), an empty product is seeded with the
 * demo story once everything is up.
 */
export async function startAll(given: AppConfig): Promise<RunningApp[]> {
  const demo = given.DEMO_SEED === 'true' && given.MARKETPLACE_TARGET === 'sandbox';
  // The demo needs an admin key to drive the API with; a well-known one unless the operator set their own.
  const config: AppConfig = demo && !given.BOOTSTRAP_ADMIN_API_KEY ? { ...given, BOOTSTRAP_ADMIN_API_KEY: DEMO_ADMIN_API_KEY } : given;
  const started: RunningApp[] = [];
  if (config.MARKETPLACE_TARGET === 'sandbox') {
    const sandbox = await bootstrapSandbox(config);
    started.push({ stop: () => sandbox.close(), describe: `marketplace sandbox on ${config.sandboxUrl}` });
  }
  const workers = [AttributionBridgeModule, MeteringModule, PrivateOffersModule, ListingSyncModule];
  const contexts = [];
  for (const module of workers) {
    const app = await bootstrapWorker(module.forRoot(config), config);
    contexts.push(app);
    started.push({ stop: () => app.close(), describe: `${module.name} running` });
  }
  const api = await bootstrapApi(config);
  started.push({
    stop: () => api.close(),
    describe: `API on http://127.0.0.1:${config.PORT} (dashboard at /dashboard, OpenAPI UI at /docs)`,
  });
  if (demo) {
    // In the background: the product is up and answering while the story is told.
    void runDemoSeed(config, contexts[0]).catch((error: Error) =>
      new Logger('demo').error(`the demo seed stopped: ${error.message} (start with DEMO_SEED=false to skip it)`),
    );
  }
  return started;
}

if (require.main === module) runMain('marketplace-partner-bridge', () => startAll(loadConfig()));
