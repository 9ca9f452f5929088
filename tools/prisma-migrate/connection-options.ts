export interface PgConnectionOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/**
 * Discrete fields rather than a connection string: PrismaPg opens its shadow
 * database as `{ ...config, database }`, and with a connection string the
 * URL's database wins, so the "shadow" would silently be the main database.
 */
export function toConnectionOptions(databaseUrl: string): PgConnectionOptions {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
  };
}
