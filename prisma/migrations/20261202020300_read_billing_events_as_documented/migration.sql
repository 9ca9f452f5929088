-- The billing event data feed as AWS documents it
-- (https://docs.aws.amazon.com/marketplace/latest/userguide/data-feed-billing-event.html).

-- Each event names its agreement in its own agreement_id column (the column
-- AWS's example queries join the agreement feed on): matching reads it
-- instead of taking transaction_reference_id for the agreement's id.
ALTER TABLE "billing_feed_row" ADD COLUMN "agreement_id" TEXT;

-- A lump sum pays the seller's tax share with the items: kept apart from
-- the line's net, and counted in what the lump sum's lines add up to.
ALTER TABLE "reconciliation_disbursement_line" ADD COLUMN "tax_minor" BIGINT NOT NULL DEFAULT 0;

-- A DISBURSEMENT_FAILURE names the failed DISBURSEMENT in its
-- parent_billing_event_id: the lump sum keeps which event said it failed,
-- and its items count what it paid as not disbursed.
ALTER TABLE "reconciliation_disbursement" ADD COLUMN "failed_by" TEXT;

-- Billing event data is immutable and the month's file is appended to
-- daily: an import keeps the SHA-256 of its file's first bytes every MB and
-- at its end, so that the next day's longer copy is recognised and only what
-- was appended is read and stored.
ALTER TABLE "reconciliation_import" ADD COLUMN "prefix_offsets" BIGINT[];
ALTER TABLE "reconciliation_import" ADD COLUMN "prefix_sha256" TEXT[];
ALTER TABLE "reconciliation_import" ADD COLUMN "continues_import_id" UUID;
ALTER TABLE "reconciliation_import" ADD COLUMN "bytes_continued" BIGINT NOT NULL DEFAULT 0;
