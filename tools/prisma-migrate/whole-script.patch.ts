/**
 * @prisma/adapter-pg 7.10 runs a migration script by splitting it on every
 * ";" (`executeScript`), which cuts apart any statement with a semicolon
 * inside it: a PL/pgSQL function or trigger body, a string, a comment.
 * Prisma's own schema engine binary sends the whole script to PostgreSQL as
 * one simple query, which PostgreSQL parses itself (dollar quotes, comments
 * and all) and runs as one implicit transaction. This does the same through
 * the adapter's pg client, so migrations mean here what they mean to
 * `prisma migrate deploy`.
 */
interface ScriptRunnerLike {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(text: string): Promise<unknown> };
  onError?: (error: unknown) => never;
}

export function withWholeScripts<T extends object>(connection: T): T {
  const c = connection as unknown as ScriptRunnerLike;
  c.executeScript = async (script: string) => {
    try {
      await c.underlyingDriver().query(script);
    } catch (error) {
      if (c.onError) c.onError(error);
      throw error;
    }
  };
  return connection;
}
