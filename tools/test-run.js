#!/usr/bin/env node
// `npm test`: everything CI checks, in the order that fails fastest.
// It creates and migrates its own database (bridge_test unless
// TEST_DATABASE_URL says otherwise) and prints how long each step took.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const databaseUrl = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/bridge_test';
const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const steps = [
  // First: without PostgreSQL and Redis every later step would fail, minutes in, with a bare connection error.
  ['PostgreSQL and Redis answer', 'node', ['tools/preflight.js']],
  ['generate the Prisma client', 'node', ['tools/prisma-generate.js']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['lint', bin('eslint'), ['--max-warnings', '0', 'apps', 'libs', 'tools', 'test', 'bench', 'faults']],
  ['import cycles', 'npm', ['run', '--silent', 'check:cycles']],
  ['recreate the test database', 'node', ['tools/recreate-database.js', databaseUrl]],
  ['migrate the test database', 'node', ['dist/tools/prisma-migrate/main.js', 'deploy']],
  ['schema and migrations agree', 'node', ['dist/tools/prisma-migrate/main.js', 'check']],
  ['unit tests', bin('jest'), ['--selectProjects', 'unit', ...process.argv.slice(2)]],
  // Integration and end-to-end suites share one database: one file at a time.
  // No --forceExit: every suite closes what it opened, and a connection, timer
  // or socket left open is a leak that would also hold up a service's shutdown.
  // Should one creep in, the step's time limit below stops the run, not CI's.
  ['integration tests', bin('jest'), ['--selectProjects', 'integration', '--runInBand', ...process.argv.slice(2)]],
  ['end-to-end tests', bin('jest'), ['--selectProjects', 'e2e', '--runInBand', ...process.argv.slice(2)]],
];
/** No step takes near this long (the end-to-end tests, the longest, take about 3 minutes). */
const STEP_LIMIT_MS = 20 * 60 * 1000;

const started = Date.now();
for (const [title, command, args] of steps) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', timeout: STEP_LIMIT_MS, killSignal: 'SIGKILL' });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.error?.code === 'ETIMEDOUT') {
    console.error(
      `\n✗ ${title} did not finish within ${STEP_LIMIT_MS / 60000} minutes: a test hung, or something it opened was never closed (run it with --detectOpenHandles)`,
    );
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${title} (${seconds}s)`);
}
console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
