import 'reflect-metadata';
import { loadConfig, runMain } from '@bridge/config';
import { bootstrapSandbox } from './bootstrap-sandbox';

runMain('marketplace-sandbox', async () => {
  const config = loadConfig();
  const app = await bootstrapSandbox(config);
  return { stop: () => app.close(), describe: `marketplace sandbox on ${config.sandboxUrl}` };
});
