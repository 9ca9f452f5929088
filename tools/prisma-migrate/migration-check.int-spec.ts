import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'tools', 'prisma-migrate', 'main.js');
const check = (schema: string) =>
  spawnSync(process.execPath, [cli, 'check', '--schema', schema, '--migrations', path.join(root, 'prisma', 'migrations')], {
    env: process.env,
    encoding: 'utf8',
  });

describe('the check that prisma/schema and prisma/migrations agree (npm test runs it on the built tool)', () => {
  it('passes for the committed schema and migrations', () => {
    const result = check(path.join(root, 'prisma', 'schema'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails with the missing SQL when the schema gained a column no migration creates', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'schema-drift-'));
    for (const file of readdirSync(path.join(root, 'prisma', 'schema'))) {
      const content = readFileSync(path.join(root, 'prisma', 'schema', file), 'utf8')
        .replace(/model Partner \{\n/, 'model Partner {\n  website String?\n')
        .replace('../../libs', path.join(root, 'libs'));
      writeFileSync(path.join(dir, file), content);
    }
    const result = check(dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/disagree/);
    expect(result.stderr).toMatch(/ALTER TABLE "partner" ADD COLUMN\s+"website" TEXT/);
  });
});
