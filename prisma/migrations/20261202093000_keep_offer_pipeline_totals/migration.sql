-- CreateTable
CREATE TABLE "offer_pipeline_total" (
    "state" "OfferState" NOT NULL,
    "kind" "OfferKind" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "offers" BIGINT NOT NULL,
    "contract_value_minor" BIGINT NOT NULL,

    CONSTRAINT "offer_pipeline_total_pkey" PRIMARY KEY ("state","kind","currency")
);

-- CreateTable
CREATE TABLE "offer_pipeline_total_delta" (
    "id" BIGSERIAL NOT NULL,
    "state" "OfferState" NOT NULL,
    "kind" "OfferKind" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "offers" BIGINT NOT NULL,
    "contract_value_minor" BIGINT NOT NULL,

    CONSTRAINT "offer_pipeline_total_delta_pkey" PRIMARY KEY ("id")
);

-- The overview's offer pipeline per stored state, kind and currency, kept
-- exactly in step with offer the way the reconciliation totals follow their
-- items (20261202052402_keep_reconciliation_totals_and_index_reads): each
-- statement's change goes, summed per key, into the delta table in the same
-- transaction (a plain INSERT no other writer waits for), and whichever
-- writing statement gets the advisory lock folds the committed deltas into
-- the totals. Readers read the view, totals plus deltas in one statement.
CREATE FUNCTION "offer_pipeline_total_compact"() RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('offer_pipeline_total_compact')) THEN
    RETURN;
  END IF;
  WITH moved AS (DELETE FROM "offer_pipeline_total_delta" RETURNING *)
  INSERT INTO "offer_pipeline_total" AS t ("state", "kind", "currency", "offers", "contract_value_minor")
  SELECT "state", "kind", "currency", sum("offers"), sum("contract_value_minor")
    FROM moved GROUP BY 1, 2, 3
  ON CONFLICT ("state", "kind", "currency")
  DO UPDATE SET "offers" = t."offers" + excluded."offers", "contract_value_minor" = t."contract_value_minor" + excluded."contract_value_minor";
END $$;

-- A statement's new rows are added and its old rows taken away.
CREATE FUNCTION "offer_pipeline_total_roll"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "offer_pipeline_total_delta" ("state", "kind", "currency", "offers", "contract_value_minor")
    SELECT "state", "kind", "currency", -count(*), -sum("contract_value_minor") FROM old_offers GROUP BY 1, 2, 3;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "offer_pipeline_total_delta" ("state", "kind", "currency", "offers", "contract_value_minor")
    SELECT "state", "kind", "currency", count(*), sum("contract_value_minor") FROM new_offers GROUP BY 1, 2, 3;
  END IF;
  PERFORM "offer_pipeline_total_compact"();
  RETURN NULL;
END $$;

CREATE TRIGGER "offer_pipeline_total_insert" AFTER INSERT ON "offer"
  REFERENCING NEW TABLE AS new_offers FOR EACH STATEMENT EXECUTE FUNCTION "offer_pipeline_total_roll"();
CREATE TRIGGER "offer_pipeline_total_update" AFTER UPDATE ON "offer"
  REFERENCING OLD TABLE AS old_offers NEW TABLE AS new_offers FOR EACH STATEMENT EXECUTE FUNCTION "offer_pipeline_total_roll"();
CREATE TRIGGER "offer_pipeline_total_delete" AFTER DELETE ON "offer"
  REFERENCING OLD TABLE AS old_offers FOR EACH STATEMENT EXECUTE FUNCTION "offer_pipeline_total_roll"();

-- TRUNCATE fires no row triggers: the totals are emptied with the offers.
CREATE FUNCTION "offer_pipeline_total_truncate"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "offer_pipeline_total_delta";
  DELETE FROM "offer_pipeline_total";
  RETURN NULL;
END $$;

CREATE TRIGGER "offer_pipeline_total_truncate" AFTER TRUNCATE ON "offer"
  FOR EACH STATEMENT EXECUTE FUNCTION "offer_pipeline_total_truncate"();

-- Keys that net to no offer at all (every offer of a state moved on) are left out.
CREATE VIEW "offer_pipeline_total_live" AS
SELECT "state", "kind", "currency", sum("offers")::bigint AS "offers", sum("contract_value_minor")::bigint AS "contract_value_minor"
  FROM (SELECT "state", "kind", "currency", "offers", "contract_value_minor" FROM "offer_pipeline_total"
        UNION ALL
        SELECT "state", "kind", "currency", "offers", "contract_value_minor" FROM "offer_pipeline_total_delta") AS u
 GROUP BY 1, 2, 3
HAVING sum("offers") <> 0;

-- Offers written before the totals existed.
INSERT INTO "offer_pipeline_total" ("state", "kind", "currency", "offers", "contract_value_minor")
SELECT "state", "kind", "currency", count(*), sum("contract_value_minor") FROM "offer" GROUP BY 1, 2, 3;

-- The pipeline shows a live offer past its expiry as EXPIRED before any job
-- has expired it: those few are found by this index, not by reading every offer.
CREATE INDEX "offer_live_expiry_idx" ON "offer" ("expires_at") WHERE "state" IN ('PUBLISHING', 'PUBLISHED');
