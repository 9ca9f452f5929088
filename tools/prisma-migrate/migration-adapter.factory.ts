import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { withCharColumns } from './char-column.patch';
import { withWholeScripts } from './whole-script.patch';
import type { PgConnectionOptions } from './connection-options';

/**
 * The driver adapter the WASM schema engine migrates through. Shadow
 * databases are created and dropped here rather than by PrismaPg, whose own
 * dispose drops the database before closing its pool ("database is being
 * accessed by other users") and leaks it.
 */
export function createMigrationAdapter(main: PgConnectionOptions, shadow?: PgConnectionOptions) {
  const mainAdapter = new PrismaPg(main);
  const factory = {
    provider: 'postgres' as const,
    adapterName: mainAdapter.adapterName,
    connect: async () => withWholeScripts(withCharColumns(await mainAdapter.connect())),
    connectToShadowDb: async () => {
      if (shadow) {
        // The engine expects an empty shadow database; the binary wipes it itself.
        const connection = withWholeScripts(withCharColumns(await new PrismaPg(shadow).connect()));
        await connection.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
        return connection;
      }
      const admin = await mainAdapter.connect();
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const connection = withWholeScripts(withCharColumns(await new PrismaPg({ ...main, database: name }).connect()));
      const dispose = connection.dispose.bind(connection);
      connection.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.dispose();
      };
      return connection;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory as never);
}
