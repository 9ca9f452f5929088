-- CreateEnum
CREATE TYPE "MdfActivityKind" AS ENUM ('EVENT', 'CAMPAIGN', 'WORKSHOP', 'PROOF_OF_CONCEPT');

-- CreateEnum
CREATE TYPE "MdfRequestStatus" AS ENUM ('SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'CLAIMED');

-- CreateEnum
CREATE TYPE "MdfClaimStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID');

-- CreateTable
CREATE TABLE "mdf_budget" (
    "id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "tier" TEXT,
    "partner_id" UUID,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mdf_budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mdf_request" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "budget_id" UUID,
    "period" TEXT NOT NULL,
    "kind" "MdfActivityKind" NOT NULL,
    "title" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "target_customer_ids" UUID[],
    "target_segment" TEXT,
    "requested_minor" BIGINT NOT NULL,
    "approved_minor" BIGINT,
    "committed_minor" BIGINT NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "starts_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "claim_deadline" TIMESTAMP(3),
    "status" "MdfRequestStatus" NOT NULL DEFAULT 'SUBMITTED',
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "decision_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mdf_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mdf_claim" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "claimed_minor" BIGINT NOT NULL,
    "approved_minor" BIGINT,
    "currency" CHAR(3) NOT NULL,
    "leads_reached" INTEGER NOT NULL,
    "customers_reached" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "status" "MdfClaimStatus" NOT NULL DEFAULT 'SUBMITTED',
    "submitted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "decision_reason" TEXT,
    "paid_by" TEXT,
    "paid_at" TIMESTAMP(3),
    "payment_reference" TEXT,

    CONSTRAINT "mdf_claim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mdf_claim_attachment" (
    "id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mdf_claim_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mdf_budget_period_tier_key" ON "mdf_budget"("period", "tier");

-- CreateIndex
CREATE UNIQUE INDEX "mdf_budget_period_partner_id_key" ON "mdf_budget"("period", "partner_id");

-- CreateIndex
CREATE INDEX "mdf_request_partner_id_created_at_idx" ON "mdf_request"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "mdf_request_budget_id_idx" ON "mdf_request"("budget_id");

-- CreateIndex
CREATE INDEX "mdf_request_period_idx" ON "mdf_request"("period");

-- CreateIndex
CREATE UNIQUE INDEX "mdf_claim_request_id_key" ON "mdf_claim"("request_id");

-- CreateIndex
CREATE INDEX "mdf_claim_attachment_claim_id_idx" ON "mdf_claim_attachment"("claim_id");

-- AddForeignKey
ALTER TABLE "mdf_budget" ADD CONSTRAINT "mdf_budget_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mdf_request" ADD CONSTRAINT "mdf_request_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mdf_request" ADD CONSTRAINT "mdf_request_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "mdf_budget"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mdf_claim" ADD CONSTRAINT "mdf_claim_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "mdf_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mdf_claim_attachment" ADD CONSTRAINT "mdf_claim_attachment_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "mdf_claim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A budget is for every partner of one tier or for one partner, never both
-- and never neither. Prisma schemas cannot state CHECK constraints, so these
-- live in the migration alone (the drift check does not compare them).
-- (No semicolons in these comments: the migration runner splits statements
-- on them.)
ALTER TABLE "mdf_budget"
  ADD CONSTRAINT "mdf_budget_tier_or_partner" CHECK (("tier" IS NULL) <> ("partner_id" IS NULL)),
  ADD CONSTRAINT "mdf_budget_amount_positive" CHECK ("amount_minor" > 0);

-- What a request holds of its budget is never negative nor more than it was approved for.
ALTER TABLE "mdf_request"
  ADD CONSTRAINT "mdf_request_committed_within_approved" CHECK ("committed_minor" >= 0 AND "committed_minor" <= COALESCE("approved_minor", 0));
