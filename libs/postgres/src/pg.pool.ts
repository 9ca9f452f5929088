import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { boundValues, READ_TYPES, type Statement } from './read-types';

/**
 * The one PostgreSQL pool of a process (DATABASE_POOL_SIZE connections):
 * Prisma's driver adapter runs on it, and so does the SQL Prisma cannot
 * express (COPY, one import's set-based statements on one connection). One
 * pool, so a process never holds more connections than it was given.
 */
@Injectable()
export class PgPool implements OnApplicationShutdown {
  readonly pool: pg.Pool;
  /** Each prepared text's name (see prepared): a few shapes per read, so this stays small. */
  private readonly names = new Map<string, string>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
    this.pool.on('error', () => undefined); // an idle client dropped by the server: the next checkout reconnects
    // A connection the server ends while it is checked out but between statements (PostgreSQL restarting, an
    // administrator's terminate) reports it as an 'error' event, which pg-pool listens for only while the connection
    // sits idle in the pool: unheard, it killed the process. Heard here, the statement that next uses the connection
    // fails instead (its transaction rolls back, its job is retried), and release() drops the connection.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /**
   * The rows of one read statement, decoded as READ_TYPES says (bigint as
   * bigint, timestamps as UTC). Straight on the pool: far less CPU a query
   * than the same SQL through Prisma's raw queries, which the list reads
   * pay on every request. Unnamed, so PostgreSQL plans each with its
   * values: a generic plan of the list filters (`$1 IS NULL OR ...`) can be
   * far slower than a custom one.
   */
  async rows<Row>(statement: Statement): Promise<Row[]> {
    const result = await this.pool.query({
      text: statement.text,
      values: boundValues(statement.values),
      types: READ_TYPES,
    });
    return result.rows as Row[];
  }

  /**
   * The rows of a read statement each connection prepares once and keeps,
   * decoded and bound as `rows` does: PostgreSQL parses its text once per
   * connection and, once a plan for it proves as good as planning for the
   * values, stops planning it on every request (most of its CPU for a small
   * page). For statements whose text holds only the filters asked for, so a
   * plan kept is one for exactly those; a statement whose best plan follows
   * its values (`$1 IS NULL OR ...`) belongs in `rows`. Named by `label` and
   * a hash of the text, so two texts never share a name on a connection.
   */
  async prepared<Row>(label: string, statement: Statement): Promise<Row[]> {
    const result = await this.pool.query({
      name: this.nameOf(label, statement.text),
      text: statement.text,
      values: boundValues(statement.values),
      types: READ_TYPES,
    });
    return result.rows as Row[];
  }

  private nameOf(label: string, text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `${label}-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.names.set(text, name);
    }
    return name;
  }

  /** Runs `work` in one transaction on one connection; rolls back on any error. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** After every module's destroy hook (Prisma's disconnect among them): nothing uses the pool any more. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
