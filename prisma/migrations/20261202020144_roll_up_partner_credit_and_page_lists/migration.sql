-- Rollups of the append-only partner credit ledger, kept exactly in step with
-- it: statement-level triggers record each statement's lines in the same
-- transaction as the lines themselves, so a rollup can never disagree with
-- the ledger's own sum, whichever process or tool writes the ledger.

-- CreateTable
CREATE TABLE "partner_credit_month" (
    "partner_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "engagement" "Engagement" NOT NULL,
    "source" "CreditSource" NOT NULL,
    "is_kicker" BOOLEAN NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "lines" BIGINT NOT NULL,

    CONSTRAINT "partner_credit_month_pkey" PRIMARY KEY ("partner_id","month","currency","engagement","source","is_kicker")
);

-- CreateTable
CREATE TABLE "partner_credit_total" (
    "partner_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "engagement" "Engagement" NOT NULL,
    "source" "CreditSource" NOT NULL,
    "is_kicker" BOOLEAN NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "lines" BIGINT NOT NULL,

    CONSTRAINT "partner_credit_total_pkey" PRIMARY KEY ("partner_id","currency","engagement","source","is_kicker")
);

-- Each statement's lines first go, summed per key, into a delta table: a
-- plain INSERT that takes no lock any other writer waits for. Folding the
-- deltas into the two rollups ("compaction") is done by one transaction at a
-- time, whichever crediting statement gets the advisory lock first, so rollup
-- rows are only ever locked by that one transaction and concurrent crediting
-- neither waits nor deadlocks. A compaction moves committed deltas in one
-- transaction, so readers (through the views below, in one statement) always
-- see each line exactly once: in a delta or in a rollup, never both.
CREATE TABLE "partner_credit_rollup_delta" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "engagement" "Engagement" NOT NULL,
    "source" "CreditSource" NOT NULL,
    "is_kicker" BOOLEAN NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "lines" BIGINT NOT NULL,

    CONSTRAINT "partner_credit_rollup_delta_pkey" PRIMARY KEY ("id")
);

-- PAR and PIR per partner and currency (kickers are payout, not revenue): the leaderboard, one row per partner and currency.
CREATE TABLE "partner_revenue_total" (
    "partner_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "par_minor" BIGINT NOT NULL,
    "pir_minor" BIGINT NOT NULL,
    "lines" BIGINT NOT NULL,

    CONSTRAINT "partner_revenue_total_pkey" PRIMARY KEY ("partner_id","currency")
);

-- A reader asks for one partner's deltas; the table is small but churns, so it is read by index, never scanned.
CREATE INDEX "partner_credit_rollup_delta_partner_id_idx" ON "partner_credit_rollup_delta"("partner_id");

CREATE FUNCTION "partner_credit_rollup_compact"() RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  -- One compactor at a time; a statement that cannot have the lock leaves its deltas to the next one.
  IF NOT pg_try_advisory_xact_lock(hashtext('partner_credit_rollup_compact')) THEN
    RETURN;
  END IF;
  WITH moved AS (DELETE FROM "partner_credit_rollup_delta" RETURNING *),
       months AS (
         INSERT INTO "partner_credit_month" AS t ("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
         SELECT "partner_id", "month", "currency", "engagement", "source", "is_kicker", sum("amount_minor"), sum("lines")
           FROM moved GROUP BY 1, 2, 3, 4, 5, 6
         ON CONFLICT ("partner_id", "month", "currency", "engagement", "source", "is_kicker")
         DO UPDATE SET "amount_minor" = t."amount_minor" + excluded."amount_minor", "lines" = t."lines" + excluded."lines"),
       totals AS (
         INSERT INTO "partner_credit_total" AS t ("partner_id", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
         SELECT "partner_id", "currency", "engagement", "source", "is_kicker", sum("amount_minor"), sum("lines")
           FROM moved GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT ("partner_id", "currency", "engagement", "source", "is_kicker")
         DO UPDATE SET "amount_minor" = t."amount_minor" + excluded."amount_minor", "lines" = t."lines" + excluded."lines")
  INSERT INTO "partner_revenue_total" AS t ("partner_id", "currency", "par_minor", "pir_minor", "lines")
  SELECT "partner_id", "currency", COALESCE(sum("amount_minor") FILTER (WHERE "engagement" = 'SOURCED'), 0),
         COALESCE(sum("amount_minor") FILTER (WHERE "engagement" = 'INFLUENCED'), 0), sum("lines")
    FROM moved WHERE NOT "is_kicker" GROUP BY 1, 2
  ON CONFLICT ("partner_id", "currency")
  DO UPDATE SET "par_minor" = t."par_minor" + excluded."par_minor", "pir_minor" = t."pir_minor" + excluded."pir_minor", "lines" = t."lines" + excluded."lines";
END $$;

-- A statement's new lines are added and its old lines taken away (the ledger
-- is append-only, so the product only ever INSERTs; an UPDATE or DELETE by
-- hand keeps the rollups exact all the same).
CREATE FUNCTION "partner_credit_rollup"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "partner_credit_rollup_delta" ("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
    SELECT "partner_id", date_trunc('month', "occurred_at")::date, "currency", "engagement", "source", "kicker" IS NOT NULL,
           -sum("amount_minor"), -count(*)
      FROM old_lines GROUP BY 1, 2, 3, 4, 5, 6;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "partner_credit_rollup_delta" ("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
    SELECT "partner_id", date_trunc('month', "occurred_at")::date, "currency", "engagement", "source", "kicker" IS NOT NULL,
           sum("amount_minor"), count(*)
      FROM new_lines GROUP BY 1, 2, 3, 4, 5, 6;
  END IF;
  PERFORM "partner_credit_rollup_compact"();
  RETURN NULL;
END $$;

CREATE TRIGGER "partner_credit_rollup_insert" AFTER INSERT ON "partner_credit"
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION "partner_credit_rollup"();
CREATE TRIGGER "partner_credit_rollup_update" AFTER UPDATE ON "partner_credit"
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION "partner_credit_rollup"();
CREATE TRIGGER "partner_credit_rollup_delete" AFTER DELETE ON "partner_credit"
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION "partner_credit_rollup"();

-- TRUNCATE fires no row triggers: the rollups are emptied with the ledger.
CREATE FUNCTION "partner_credit_rollup_truncate"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "partner_credit_rollup_delta";
  DELETE FROM "partner_credit_month";
  DELETE FROM "partner_credit_total";
  DELETE FROM "partner_revenue_total";
  RETURN NULL;
END $$;

CREATE TRIGGER "partner_credit_rollup_truncate" AFTER TRUNCATE ON "partner_credit"
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_credit_rollup_truncate"();

-- What readers read: a rollup and the deltas not yet folded into it, summed
-- in one statement (so one snapshot). Filters on the key columns reach both.
CREATE VIEW "partner_credit_month_live" AS
SELECT "partner_id", "month", "currency", "engagement", "source", "is_kicker", sum("amount_minor")::bigint AS "amount_minor", sum("lines")::bigint AS "lines"
  FROM (SELECT "partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines" FROM "partner_credit_month"
        UNION ALL
        SELECT "partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines" FROM "partner_credit_rollup_delta") AS u
 GROUP BY 1, 2, 3, 4, 5, 6;

CREATE VIEW "partner_credit_total_live" AS
SELECT "partner_id", "currency", "engagement", "source", "is_kicker", sum("amount_minor")::bigint AS "amount_minor", sum("lines")::bigint AS "lines"
  FROM (SELECT "partner_id", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines" FROM "partner_credit_total"
        UNION ALL
        SELECT "partner_id", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines" FROM "partner_credit_rollup_delta") AS u
 GROUP BY 1, 2, 3, 4, 5;

CREATE VIEW "partner_revenue_live" AS
SELECT "partner_id", "currency", sum("par_minor")::bigint AS "par_minor", sum("pir_minor")::bigint AS "pir_minor", sum("lines")::bigint AS "lines"
  FROM (SELECT "partner_id", "currency", "par_minor", "pir_minor", "lines" FROM "partner_revenue_total"
        UNION ALL
        SELECT "partner_id", "currency", CASE WHEN "engagement" = 'SOURCED' THEN "amount_minor" ELSE 0 END,
               CASE WHEN "engagement" = 'INFLUENCED' THEN "amount_minor" ELSE 0 END, "lines"
          FROM "partner_credit_rollup_delta" WHERE NOT "is_kicker") AS u
 GROUP BY 1, 2;

-- Ledger lines written before the rollups existed.
INSERT INTO "partner_credit_month" ("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
SELECT "partner_id", date_trunc('month', "occurred_at")::date, "currency", "engagement", "source", "kicker" IS NOT NULL, sum("amount_minor"), count(*)
  FROM "partner_credit" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "partner_credit_total" ("partner_id", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
SELECT "partner_id", "currency", "engagement", "source", "kicker" IS NOT NULL, sum("amount_minor"), count(*)
  FROM "partner_credit" GROUP BY 1, 2, 3, 4, 5;
INSERT INTO "partner_revenue_total" ("partner_id", "currency", "par_minor", "pir_minor", "lines")
SELECT "partner_id", "currency", COALESCE(sum("amount_minor") FILTER (WHERE "engagement" = 'SOURCED'), 0),
       COALESCE(sum("amount_minor") FILTER (WHERE "engagement" = 'INFLUENCED'), 0), count(*)
  FROM "partner_credit" WHERE "kicker" IS NULL GROUP BY 1, 2;

-- Every list pages by keyset (its order's columns, then id): an index per order, so a page is a seek and
-- limit rows whatever the table's length. An index these extend is dropped.

-- DropIndex
DROP INDEX "attribution_conflict_status_idx";

-- DropIndex
DROP INDEX "deal_registration_partner_id_idx";

-- DropIndex
DROP INDEX "offer_partner_id_idx";

-- DropIndex
DROP INDEX "partner_credit_partner_id_occurred_at_idx";

-- DropIndex
DROP INDEX "resale_authorization_reseller_partner_id_idx";

-- CreateIndex
CREATE INDEX "api_key_created_at_id_idx" ON "api_key"("created_at", "id");

-- CreateIndex
CREATE INDEX "attribution_conflict_status_created_at_id_idx" ON "attribution_conflict"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "attribution_conflict_created_at_id_idx" ON "attribution_conflict"("created_at", "id");

-- CreateIndex
CREATE INDEX "commitment_starts_at_id_idx" ON "commitment"("starts_at", "id");

-- CreateIndex
CREATE INDEX "deal_registration_partner_id_registered_at_id_idx" ON "deal_registration"("partner_id", "registered_at", "id");

-- CreateIndex
CREATE INDEX "deal_registration_registered_at_id_idx" ON "deal_registration"("registered_at", "id");

-- CreateIndex
CREATE INDEX "listing_title_id_idx" ON "listing"("title", "id");

-- CreateIndex
CREATE INDEX "offer_partner_id_created_at_id_idx" ON "offer"("partner_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "offer_created_at_id_idx" ON "offer"("created_at", "id");

-- CreateIndex
CREATE INDEX "partner_name_id_idx" ON "partner"("name", "id");

-- CreateIndex
CREATE INDEX "partner_credit_partner_id_occurred_at_created_at_id_idx" ON "partner_credit"("partner_id", "occurred_at", "created_at", "id");

-- CreateIndex
CREATE INDEX "resale_authorization_reseller_partner_id_created_at_id_idx" ON "resale_authorization"("reseller_partner_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "resale_authorization_created_at_id_idx" ON "resale_authorization"("created_at", "id");

-- CreateIndex
CREATE INDEX "usage_hour_hour_id_idx" ON "usage_hour"("hour", "id");

-- Usage hours that need a person (the dashboard's metering alerts), newest first, without scanning every hour.
CREATE INDEX "usage_hour_needing_attention_idx" ON "usage_hour" ("hour") WHERE "status" = 'UNKNOWN' OR ("status" = 'REJECTED' AND "reason" LIKE 'DUPLICATE_CONFLICT%') OR "unbillable_quantity" > 0;
