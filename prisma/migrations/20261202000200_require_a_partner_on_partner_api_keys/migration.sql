-- A PARTNER key is scoped to its partner by api_key.partner_id: with none it
-- would have no scope at all, and no scope is what staff keys see: the data
-- of every partner. The API never issues such a key, and now the database
-- cannot hold one either. The Prisma schema language has no CHECK constraints,
-- so this one lives in the migration alone (the drift check does not compare
-- CHECK constraints, so schema and migrations still agree).
-- (No semicolons in these comments: the migration runner splits statements
-- on them.)

-- Any such key that exists was written by hand, outside the API: it is
-- removed (it could only ever have been a hole), and its removal recorded.
INSERT INTO "audit_entry" ("id", "actor", "action", "entity_type", "entity_id", "reason", "data", "at")
SELECT gen_random_uuid(), 'migration:require_a_partner_on_partner_api_keys', 'api-key.deleted', 'api_key', "id"::text,
       'a PARTNER key without a partner would have seen the data of every partner',
       jsonb_build_object('name', "name", 'prefix', "prefix", 'revokedAt', "revoked_at"), CURRENT_TIMESTAMP
  FROM "api_key"
 WHERE "role" = 'PARTNER' AND "partner_id" IS NULL;

DELETE FROM "api_key" WHERE "role" = 'PARTNER' AND "partner_id" IS NULL;

ALTER TABLE "api_key"
  ADD CONSTRAINT "api_key_partner_key_has_partner" CHECK ("role" <> 'PARTNER' OR "partner_id" IS NOT NULL);
