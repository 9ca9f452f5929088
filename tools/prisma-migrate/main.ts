#!/usr/bin/env node
/**
 * Prisma migrations without the schema-engine binary (which the Prisma CLI
 * would download): Prisma's own schema engine, compiled to WebAssembly, driven
 * through the pg driver adapter. Migrations stay in Prisma's format, so
 * `prisma migrate deploy` on a connected machine accepts the same history.
 *
 *   deploy            apply pending migrations (creates the database if missing)
 *   dev --name NAME   apply, then write a new migration for schema changes
 *   status            print the migration history diagnosis as JSON
 *   check             fail (exit 2) when schema.prisma and the migrations disagree
 *
 * Options: --schema PATH (the prisma/schema folder, or one file), --migrations DIR (prisma/migrations).
 * Environment: DATABASE_URL, optional SHADOW_DATABASE_URL.
 */
import path from 'node:path';
import { loadConfig } from '@bridge/config';
import { patchPgClientForCharColumns } from './char-column.patch';
import { toConnectionOptions } from './connection-options';
import { ensureDatabaseExists } from './ensure-database';
import { createMigrationAdapter } from './migration-adapter.factory';
import { readMigrationsDirectory, writeMigration } from './migrations-directory';
import { loadSchemaEngineRuntime } from './schema-engine.loader';
import { readSchemaFiles } from './schema-files';

const filters = { externalTables: [], externalEnums: [] };

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<number> {
  const [command = 'status', ...args] = process.argv.slice(2);
  const root = path.resolve(__dirname, '..', '..', '..');
  const schemaPath = path.resolve(option(args, '--schema') ?? path.join(root, 'prisma', 'schema'));
  const migrationsDir = path.resolve(option(args, '--migrations') ?? path.join(root, 'prisma', 'migrations'));
  const config = loadConfig();
  const shadowUrl = process.env.SHADOW_DATABASE_URL;
  const main = toConnectionOptions(config.DATABASE_URL);

  patchPgClientForCharColumns();
  if (await ensureDatabaseExists(main)) console.log(`created database ${main.database}`);
  const runtime = await loadSchemaEngineRuntime();
  const schema = { files: await readSchemaFiles(schemaPath) };
  const adapter = createMigrationAdapter(main, shadowUrl ? toConnectionOptions(shadowUrl) : undefined);
  const log = (line: string) => process.env.DEBUG_SCHEMA_ENGINE && console.error('[schema-engine]', line);
  const engine = await runtime.SchemaEngine.new({ datamodels: schema.files.map((f) => [f.path, f.content]) }, log, adapter);

  try {
    const migrationsList = () => readMigrationsDirectory(migrationsDir);
    switch (command) {
      case 'deploy': {
        const result = await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
        const names = result.appliedMigrationNames;
        console.log(names.length ? `applied ${names.join(', ')}` : 'database is up to date');
        return 0;
      }
      case 'dev': {
        const name = option(args, '--name') ?? args.find((a) => !a.startsWith('--'));
        if (!name) throw new Error('dev needs a migration name: dev --name add_usage_records');
        const diagnostic = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters });
        if (diagnostic.action.tag === 'reset') throw new Error(`the database needs a reset: ${diagnostic.action.reason}`);
        await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
        // createMigration works only from the engine's migration-schema cache,
        // which diagnoseMigrationHistory fills (devDiagnostic skips it when behind).
        await engine.diagnoseMigrationHistory({ migrationsList: await migrationsList(), optInToShadowDatabase: true, filters });
        const created = await engine.createMigration({
          draft: false,
          migrationName: name,
          migrationsList: await migrationsList(),
          schema,
          filters,
        });
        if (created.migrationScript === null) {
          console.log('no schema changes');
          return 0;
        }
        await writeMigration(migrationsDir, created.generatedMigrationName, created.migrationScript, created.connectorType);
        await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
        console.log(`created and applied ${created.generatedMigrationName}`);
        return 0;
      }
      case 'status': {
        const diagnosis = await engine.diagnoseMigrationHistory({
          migrationsList: await migrationsList(),
          optInToShadowDatabase: false,
          filters,
        });
        console.log(JSON.stringify(diagnosis, null, 2));
        return diagnosis.history || diagnosis.failedMigrationNames.length ? 1 : 0;
      }
      case 'check': {
        const diff = await engine.diff({
          from: { tag: 'migrations', ...(await migrationsList()) },
          to: { tag: 'schemaDatamodel', ...schema },
          script: true,
          exitCode: true,
          filters,
        });
        if (diff.exitCode === 0) {
          console.log('prisma/schema and prisma/migrations agree');
          return 0;
        }
        console.error('prisma/schema and prisma/migrations disagree; the missing migration would be:\n');
        console.error(diff.stdout ?? '');
        console.error('Run `npm run migrate:dev -- <name>` to write it.');
        return 2;
      }
      default:
        throw new Error(`unknown command "${command}" (deploy, dev, status, check)`);
    }
  } finally {
    engine.free();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
    console.error(panic ? `schema engine panic: ${panic}` : (error.message ?? error));
    process.exit(1);
  },
);
