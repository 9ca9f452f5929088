import 'reflect-metadata';
import { loadConfig, runMain } from '@bridge/config';
import { bootstrapApi } from './bootstrap-api';

runMain('api', async () => {
  const config = loadConfig();
  const app = await bootstrapApi(config);
  return { stop: () => app.close(), describe: `API on http://127.0.0.1:${config.PORT} (docs at /docs)` };
});
