-- DropIndex
DROP INDEX "audit_entry_entity_type_entity_id_idx";

-- CreateTable
CREATE TABLE "reconciliation_item_total" (
    "status" "ReconciliationStatus" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "items" BIGINT NOT NULL,
    "variance_minor" BIGINT NOT NULL,
    "expected_net_minor" BIGINT NOT NULL,
    "disbursed_minor" BIGINT NOT NULL,

    CONSTRAINT "reconciliation_item_total_pkey" PRIMARY KEY ("status","currency")
);

-- CreateTable
CREATE TABLE "reconciliation_item_total_delta" (
    "id" BIGSERIAL NOT NULL,
    "status" "ReconciliationStatus" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "items" BIGINT NOT NULL,
    "variance_minor" BIGINT NOT NULL,
    "expected_net_minor" BIGINT NOT NULL,
    "disbursed_minor" BIGINT NOT NULL,

    CONSTRAINT "reconciliation_item_total_delta_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agreement_customer_id_idx" ON "agreement"("customer_id");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_at_id_idx" ON "audit_entry"("entity_type", "entity_id", "at", "id");

-- CreateIndex
CREATE INDEX "commitment_drawdown_commitment_id_drawn_minor_idx" ON "commitment_drawdown"("commitment_id", "drawn_minor");

-- CreateIndex
CREATE INDEX "partner_credit_month_covering_idx" ON "partner_credit_month"("partner_id", "month", "currency", "engagement", "source", "is_kicker", "amount_minor", "lines");

-- The reconciled items' totals per status and currency, kept exactly in step
-- with reconciliation_item the way the credit rollups follow the ledger
-- (20261202020144_roll_up_partner_credit_and_page_lists): each statement's
-- change goes, summed per key, into the delta table in the same transaction
-- (a plain INSERT no other writer waits for), and whichever writing
-- statement gets the advisory lock folds the committed deltas into the
-- totals. Readers read the view, totals plus deltas in one statement, so an
-- item is counted exactly once whatever an import has done so far.
CREATE FUNCTION "reconciliation_item_total_compact"() RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('reconciliation_item_total_compact')) THEN
    RETURN;
  END IF;
  WITH moved AS (DELETE FROM "reconciliation_item_total_delta" RETURNING *)
  INSERT INTO "reconciliation_item_total" AS t ("status", "currency", "items", "variance_minor", "expected_net_minor", "disbursed_minor")
  SELECT "status", "currency", sum("items"), sum("variance_minor"), sum("expected_net_minor"), sum("disbursed_minor")
    FROM moved GROUP BY 1, 2
  ON CONFLICT ("status", "currency")
  DO UPDATE SET "items" = t."items" + excluded."items", "variance_minor" = t."variance_minor" + excluded."variance_minor",
                "expected_net_minor" = t."expected_net_minor" + excluded."expected_net_minor",
                "disbursed_minor" = t."disbursed_minor" + excluded."disbursed_minor";
END $$;

-- Items are recomputed by DELETE and COPY, and matched by UPDATE: a
-- statement's new rows are added and its old rows taken away.
CREATE FUNCTION "reconciliation_item_total_roll"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "reconciliation_item_total_delta" ("status", "currency", "items", "variance_minor", "expected_net_minor", "disbursed_minor")
    SELECT "status", "currency", -count(*), -sum("variance_minor"), -sum("expected_net_minor"), -sum("disbursed_minor")
      FROM old_items GROUP BY 1, 2;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "reconciliation_item_total_delta" ("status", "currency", "items", "variance_minor", "expected_net_minor", "disbursed_minor")
    SELECT "status", "currency", count(*), sum("variance_minor"), sum("expected_net_minor"), sum("disbursed_minor")
      FROM new_items GROUP BY 1, 2;
  END IF;
  PERFORM "reconciliation_item_total_compact"();
  RETURN NULL;
END $$;

CREATE TRIGGER "reconciliation_item_total_insert" AFTER INSERT ON "reconciliation_item"
  REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION "reconciliation_item_total_roll"();
CREATE TRIGGER "reconciliation_item_total_update" AFTER UPDATE ON "reconciliation_item"
  REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION "reconciliation_item_total_roll"();
CREATE TRIGGER "reconciliation_item_total_delete" AFTER DELETE ON "reconciliation_item"
  REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION "reconciliation_item_total_roll"();

-- TRUNCATE fires no row triggers: the totals are emptied with the items.
CREATE FUNCTION "reconciliation_item_total_truncate"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "reconciliation_item_total_delta";
  DELETE FROM "reconciliation_item_total";
  RETURN NULL;
END $$;

CREATE TRIGGER "reconciliation_item_total_truncate" AFTER TRUNCATE ON "reconciliation_item"
  FOR EACH STATEMENT EXECUTE FUNCTION "reconciliation_item_total_truncate"();

-- Keys that net to no item at all (every item of a status moved away) are left out.
CREATE VIEW "reconciliation_item_total_live" AS
SELECT "status", "currency", sum("items")::bigint AS "items", sum("variance_minor")::bigint AS "variance_minor",
       sum("expected_net_minor")::bigint AS "expected_net_minor", sum("disbursed_minor")::bigint AS "disbursed_minor"
  FROM (SELECT "status", "currency", "items", "variance_minor", "expected_net_minor", "disbursed_minor" FROM "reconciliation_item_total"
        UNION ALL
        SELECT "status", "currency", "items", "variance_minor", "expected_net_minor", "disbursed_minor" FROM "reconciliation_item_total_delta") AS u
 GROUP BY 1, 2
HAVING sum("items") <> 0;

-- Items reconciled before the totals existed.
INSERT INTO "reconciliation_item_total" ("status", "currency", "items", "variance_minor", "expected_net_minor", "disbursed_minor")
SELECT "status", "currency", count(*), sum("variance_minor"), sum("expected_net_minor"), sum("disbursed_minor")
  FROM "reconciliation_item" GROUP BY 1, 2;

-- The overview's newest unmatched items: a seek on the few items that did not match, not a sort of every item.
CREATE INDEX "reconciliation_item_unmatched_newest_idx" ON "reconciliation_item" ("reconciled_at" DESC, "transaction_reference_id")
  WHERE "status" <> 'MATCHED';

-- Usage alerts page newest first through the hours that may alert (unsent, or needing a person), never every hour;
-- it replaces the index of the hours needing a person alone, which the alerts read together with the unsent ones now.
DROP INDEX "usage_hour_needing_attention_idx";
CREATE INDEX "usage_hour_alert_idx" ON "usage_hour" ("hour" DESC, "id" DESC)
  WHERE "status" IN ('PENDING', 'SENDING', 'UNKNOWN') OR ("status" = 'REJECTED' AND "reason" LIKE 'DUPLICATE_CONFLICT%') OR "unbillable_quantity" > 0;

-- The overview's leaderboard: the top rows by PAR + PIR are a walk down this index, not a sort of every partner's row.
CREATE INDEX "partner_revenue_total_par_pir_idx" ON "partner_revenue_total" (("par_minor" + "pir_minor") DESC);
