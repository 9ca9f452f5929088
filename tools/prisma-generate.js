#!/usr/bin/env node
// Generates the Prisma client offline. The Prisma CLI insists on locating its
// schema-engine binary before it does anything, even for `generate`, which
// never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable
// (node itself) satisfies that check without a download.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: path.join(__dirname, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
