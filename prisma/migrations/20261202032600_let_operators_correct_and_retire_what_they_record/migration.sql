-- CreateEnum
CREATE TYPE "VarianceNoteState" AS ENUM ('OPEN', 'EXPLAINED', 'RESOLVED');

-- AlterTable
ALTER TABLE "commitment" ADD COLUMN     "close_reason" TEXT,
ADD COLUMN     "closed_at" TIMESTAMP(3),
ADD COLUMN     "closed_by" TEXT;

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "created_by_partner_id" UUID;

-- AlterTable
ALTER TABLE "listing" ADD COLUMN     "gcp_commit_eligible" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "reconciliation_variance_note" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "transaction_reference_id" TEXT NOT NULL,
    "state" "VarianceNoteState" NOT NULL,
    "note" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_variance_note_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reconciliation_variance_note_cloud_transaction_reference_id_idx" ON "reconciliation_variance_note"("cloud", "transaction_reference_id", "at");

-- CreateIndex
CREATE INDEX "customer_created_by_partner_id_idx" ON "customer"("created_by_partner_id");
