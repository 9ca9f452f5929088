-- DropIndex
DROP INDEX "billing_feed_row_transaction_reference_id_import_seq_idx";

-- CreateTable
CREATE TABLE "billing_feed_item" (
    "cloud" "Cloud" NOT NULL,
    "transaction_reference_id" TEXT NOT NULL,
    "import_seq" BIGINT NOT NULL,
    "lines" INTEGER[],
    "row_count" INTEGER NOT NULL,

    CONSTRAINT "billing_feed_item_pkey" PRIMARY KEY ("cloud","transaction_reference_id","import_seq")
);


-- The imports already stored: every line of each item's rows (a superset of
-- the current ones, which is as exact: reading back a superseded row changes
-- nothing, a later one supersedes it again).
INSERT INTO "billing_feed_item" ("cloud", "transaction_reference_id", "import_seq", "lines", "row_count")
SELECT "cloud", "transaction_reference_id", "import_seq", array_agg(DISTINCT "line" ORDER BY "line"), count(*)
  FROM "billing_feed_row"
 WHERE "transaction_reference_id" <> ''
 GROUP BY "cloud", "transaction_reference_id", "import_seq";

-- The lump sums' own rows (DISBURSEMENT, no transaction reference), latest
-- version first. Partial, so the rows of items pay nothing for it. Prisma
-- models partial indexes only behind a preview flag and leaves this one be.
CREATE INDEX "billing_feed_row_lump_sum_idx" ON "billing_feed_row" ("cloud", "billing_event_id", "import_seq", "line") WHERE "transaction_reference_id" = '';
