-- Rollups of the append-only partner credit ledger, kept exactly in step with
-- it: statement-level triggers add each statement's lines in the same
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

-- Adds a statement's new lines and takes away its old ones (the ledger is
-- append-only, so only INSERT happens in the product; UPDATE and DELETE by
-- hand keep the rollups exact all the same). Rollup rows are upserted in key
-- order, so transactions crediting the same partners lock them in the same
-- order and cannot deadlock on them.
CREATE FUNCTION "partner_credit_rollup"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  change RECORD;
BEGIN
  FOR change IN
    SELECT * FROM (VALUES ('old_lines', -1, TG_OP IN ('UPDATE', 'DELETE')), ('new_lines', 1, TG_OP IN ('INSERT', 'UPDATE'))) AS c(rel, sign, applies)
     WHERE c.applies
  LOOP
    EXECUTE format($sql$
      INSERT INTO "partner_credit_month" AS t ("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
      SELECT "partner_id", date_trunc('month', "occurred_at")::date, "currency", "engagement", "source", "kicker" IS NOT NULL,
             %2$s * sum("amount_minor"), %2$s * count(*)
        FROM %1$I
       GROUP BY 1, 2, 3, 4, 5, 6
       ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT ("partner_id", "month", "currency", "engagement", "source", "is_kicker")
      DO UPDATE SET "amount_minor" = t."amount_minor" + excluded."amount_minor", "lines" = t."lines" + excluded."lines"
    $sql$, change.rel, change.sign);
    EXECUTE format($sql$
      INSERT INTO "partner_credit_total" AS t ("partner_id", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
      SELECT "partner_id", "currency", "engagement", "source", "kicker" IS NOT NULL, %2$s * sum("amount_minor"), %2$s * count(*)
        FROM %1$I
       GROUP BY 1, 2, 3, 4, 5
       ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ("partner_id", "currency", "engagement", "source", "is_kicker")
      DO UPDATE SET "amount_minor" = t."amount_minor" + excluded."amount_minor", "lines" = t."lines" + excluded."lines"
    $sql$, change.rel, change.sign);
  END LOOP;
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
  DELETE FROM "partner_credit_month";
  DELETE FROM "partner_credit_total";
  RETURN NULL;
END $$;

CREATE TRIGGER "partner_credit_rollup_truncate" AFTER TRUNCATE ON "partner_credit"
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_credit_rollup_truncate"();

-- Ledger lines written before the rollups existed.
INSERT INTO "partner_credit_month" ("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
SELECT "partner_id", date_trunc('month', "occurred_at")::date, "currency", "engagement", "source", "kicker" IS NOT NULL, sum("amount_minor"), count(*)
  FROM "partner_credit" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "partner_credit_total" ("partner_id", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines")
SELECT "partner_id", "currency", "engagement", "source", "kicker" IS NOT NULL, sum("amount_minor"), count(*)
  FROM "partner_credit" GROUP BY 1, 2, 3, 4, 5;

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
CREATE INDEX "partner_credit_partner_id_occurred_at_id_idx" ON "partner_credit"("partner_id", "occurred_at", "id");

-- CreateIndex
CREATE INDEX "resale_authorization_reseller_partner_id_created_at_id_idx" ON "resale_authorization"("reseller_partner_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "resale_authorization_created_at_id_idx" ON "resale_authorization"("created_at", "id");

-- CreateIndex
CREATE INDEX "usage_hour_hour_id_idx" ON "usage_hour"("hour", "id");

-- Usage hours that need a person (the dashboard's metering alerts), newest first, without scanning every hour.
CREATE INDEX "usage_hour_needing_attention_idx" ON "usage_hour" ("hour") WHERE "status" = 'UNKNOWN' OR ("status" = 'REJECTED' AND "reason" LIKE 'DUPLICATE_CONFLICT%') OR "unbillable_quantity" > 0;
