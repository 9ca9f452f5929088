-- CreateEnum
CREATE TYPE "CertificationKind" AS ENUM ('SALES', 'TECHNICAL');

-- CreateEnum
CREATE TYPE "ConflictStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "CommitmentKind" AS ENUM ('EDP', 'PPA', 'MACC', 'GCP');

-- AlterTable
ALTER TABLE "deal_registration" ADD COLUMN     "decided_by" TEXT,
ADD COLUMN     "decision_reason" TEXT,
ADD COLUMN     "is_legacy_migration" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "is_new_logo" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "listing" ADD COLUMN     "commit_eligible_since" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "partner_certification" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "kind" "CertificationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_certification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_competency" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_competency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "engagement_rule_set" (
    "version" SERIAL NOT NULL,
    "rules" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engagement_rule_set_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "split_override" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "listing_id" UUID,
    "valid_from" TIMESTAMP(3) NOT NULL,
    "valid_until" TIMESTAMP(3),
    "shares" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "split_override_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attribution_decision" (
    "id" UUID NOT NULL,
    "subject_key" TEXT NOT NULL,
    "customer_id" UUID,
    "listing_id" UUID,
    "winner" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "rule_set_version" INTEGER,
    "credits" JSONB NOT NULL,
    "decided_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attribution_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attribution_conflict" (
    "id" UUID NOT NULL,
    "conflict_key" TEXT NOT NULL,
    "customer_id" UUID,
    "listing_id" UUID,
    "subject_key" TEXT,
    "partner_ids" TEXT[],
    "reason" TEXT NOT NULL,
    "status" "ConflictStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attribution_conflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "kind" "CommitmentKind" NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "starts_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "marketplace_cap_bps" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment_drawdown" (
    "id" UUID NOT NULL,
    "commitment_id" UUID NOT NULL,
    "drawdown_key" TEXT NOT NULL,
    "agreement_id" UUID,
    "partner_id" UUID,
    "invoice_date" TIMESTAMP(3) NOT NULL,
    "eligible_minor" BIGINT NOT NULL,
    "drawn_minor" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commitment_drawdown_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "partner_certification_partner_id_idx" ON "partner_certification"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "partner_competency_partner_id_name_key" ON "partner_competency"("partner_id", "name");

-- CreateIndex
CREATE INDEX "split_override_customer_id_idx" ON "split_override"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "attribution_decision_subject_key_key" ON "attribution_decision"("subject_key");

-- CreateIndex
CREATE INDEX "attribution_decision_customer_id_idx" ON "attribution_decision"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "attribution_conflict_conflict_key_key" ON "attribution_conflict"("conflict_key");

-- CreateIndex
CREATE INDEX "attribution_conflict_status_idx" ON "attribution_conflict"("status");

-- CreateIndex
CREATE INDEX "commitment_customer_id_idx" ON "commitment"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "commitment_drawdown_drawdown_key_key" ON "commitment_drawdown"("drawdown_key");

-- CreateIndex
CREATE INDEX "commitment_drawdown_commitment_id_invoice_date_idx" ON "commitment_drawdown"("commitment_id", "invoice_date");

-- AddForeignKey
ALTER TABLE "commitment_drawdown" ADD CONSTRAINT "commitment_drawdown_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
