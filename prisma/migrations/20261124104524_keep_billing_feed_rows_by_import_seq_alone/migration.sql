/*
  Warnings:

  - You are about to drop the column `import_id` on the `billing_feed_row` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "billing_feed_row" DROP COLUMN "import_id";
