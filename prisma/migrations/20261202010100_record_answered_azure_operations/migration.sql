-- AlterTable
-- No backfill: the sweep reads back each operation still open when stored, and marks answered those Azure already has.
ALTER TABLE "marketplace_event" ADD COLUMN     "answered_at" TIMESTAMP(3);
