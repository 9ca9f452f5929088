import { queryDatabase } from './database-cleaner';

/**
 * Runs `body` while every insert into the audit trail fails, as a full disk
 * or a lost connection would fail it: a change recorded in the same
 * transaction as its audit entry must then not happen either.
 */
export async function whileAuditRefused<T>(databaseUrl: string, body: () => Promise<T>): Promise<T> {
  await queryDatabase(
    databaseUrl,
    `CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit trail unavailable'; END $$`,
  );
  await queryDatabase(
    databaseUrl,
    `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`,
  );
  try {
    return await body();
  } finally {
    await queryDatabase(databaseUrl, `DROP TRIGGER test_refuse_audit ON audit_entry`);
    await queryDatabase(databaseUrl, `DROP FUNCTION test_refuse_audit()`);
  }
}
