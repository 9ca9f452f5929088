-- A quarantined feed line keeps its first 1,024 characters and its whole
-- length, not its whole text: a line may run to 16 MB, and an import may set
-- 10,000 aside. Lines kept whole before are cut the same way.
ALTER TABLE "billing_feed_quarantine" ADD COLUMN "raw_length" INTEGER;

UPDATE "billing_feed_quarantine" SET "raw_length" = length("raw"), "raw" = left("raw", 1024);

ALTER TABLE "billing_feed_quarantine" ALTER COLUMN "raw_length" SET NOT NULL;
