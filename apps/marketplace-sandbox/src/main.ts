import { loadConfig } from '@bridge/config';
import { bootstrapSandbox } from './bootstrap-sandbox';

async function main(): Promise<void> {
  const app = await bootstrapSandbox(loadConfig());
  app.enableShutdownHooks();
}

void main();
