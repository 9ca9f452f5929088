-- AlterTable
ALTER TABLE "catalog_change_set" ADD COLUMN     "send_started_at" TIMESTAMP(3);
