/*
  Warnings:

  - The primary key for the `billing_feed_row` table will be changed. If it partially fails, the table could be left without primary key constraint.

*/
-- DropIndex
DROP INDEX "billing_feed_row_import_seq_idx";

-- AlterTable
ALTER TABLE "billing_feed_row" DROP CONSTRAINT "billing_feed_row_pkey",
ADD CONSTRAINT "billing_feed_row_pkey" PRIMARY KEY ("import_seq", "line", "billing_event_id");

-- CreateIndex
CREATE INDEX "billing_feed_row_transaction_reference_id_import_seq_idx" ON "billing_feed_row"("transaction_reference_id", "import_seq");
