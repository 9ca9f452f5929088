-- The billing event data feed names the agreement of each event in its own
-- agreement_id column (the column AWS's example queries join the agreement
-- feed on): matching reads it instead of taking transaction_reference_id for
-- the agreement's id.
ALTER TABLE "billing_feed_row" ADD COLUMN "agreement_id" TEXT;
