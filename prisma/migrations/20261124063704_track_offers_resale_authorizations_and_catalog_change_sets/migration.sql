-- CreateEnum
CREATE TYPE "ChangeSetPurpose" AS ENUM ('OFFER_PUBLISH', 'OFFER_UPDATE', 'OFFER_EXPIRE', 'RESALE_AUTHORIZATION_PUBLISH', 'LISTING_PUSH');

-- CreateEnum
CREATE TYPE "ChangeSetStatus" AS ENUM ('PENDING', 'PREPARING', 'APPLYING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ResaleAuthorizationState" AS ENUM ('DRAFT', 'PUBLISHING', 'ACTIVE', 'FAILED', 'RESTRICTED', 'EXPIRED');

-- CreateTable
CREATE TABLE "offer_terms" (
    "offer_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "pricing_model" TEXT NOT NULL,
    "prices" JSONB NOT NULL,
    "duration_months" INTEGER NOT NULL,
    "payment_schedule" JSONB,
    "eula" JSONB NOT NULL,
    "markup_percent" DECIMAL(7,4),
    "resale_grant_id" UUID,
    "opportunity_id" TEXT,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "offer_terms_pkey" PRIMARY KEY ("offer_id")
);

-- CreateTable
CREATE TABLE "resale_authorization" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "listing_id" UUID NOT NULL,
    "reseller_partner_id" UUID NOT NULL,
    "reseller_account_id" TEXT NOT NULL,
    "marketplace_id" TEXT,
    "state" "ResaleAuthorizationState" NOT NULL DEFAULT 'DRAFT',
    "name" TEXT NOT NULL,
    "prices" JSONB NOT NULL,
    "duration_months" INTEGER NOT NULL,
    "eula" JSONB NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "resale_authorization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_change_set" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "purpose" "ChangeSetPurpose" NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "lock_key" TEXT NOT NULL,
    "seller_account_id" TEXT,
    "name" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "on_success" JSONB,
    "marketplace_change_set_id" TEXT,
    "status" "ChangeSetStatus" NOT NULL DEFAULT 'PENDING',
    "failure_code" TEXT,
    "errors" JSONB,
    "submit_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_submit_error" TEXT,
    "created_by" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "catalog_change_set_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_entity_lock" (
    "cloud" "Cloud" NOT NULL,
    "lock_key" TEXT NOT NULL,
    "change_set_id" UUID NOT NULL,
    "acquired_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_entity_lock_pkey" PRIMARY KEY ("cloud","lock_key")
);

-- CreateTable
CREATE TABLE "listing_catalog_state" (
    "listing_id" UUID NOT NULL,
    "entity_arn" TEXT,
    "marketplace_modified_at" TEXT,
    "synced_hash" TEXT NOT NULL,
    "marketplace_snapshot" JSONB NOT NULL,
    "drift" JSONB,
    "drift_detected_at" TIMESTAMP(3),
    "synced_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "listing_catalog_state_pkey" PRIMARY KEY ("listing_id")
);

-- CreateIndex
CREATE INDEX "offer_terms_resale_grant_id_idx" ON "offer_terms"("resale_grant_id");

-- CreateIndex
CREATE UNIQUE INDEX "resale_authorization_marketplace_id_key" ON "resale_authorization"("marketplace_id");

-- CreateIndex
CREATE INDEX "resale_authorization_reseller_partner_id_idx" ON "resale_authorization"("reseller_partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "catalog_change_set_marketplace_change_set_id_key" ON "catalog_change_set"("marketplace_change_set_id");

-- CreateIndex
CREATE INDEX "catalog_change_set_subject_type_subject_id_idx" ON "catalog_change_set"("subject_type", "subject_id");

-- CreateIndex
CREATE INDEX "catalog_change_set_status_created_at_idx" ON "catalog_change_set"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "catalog_entity_lock_change_set_id_key" ON "catalog_entity_lock"("change_set_id");

-- AddForeignKey
ALTER TABLE "offer_terms" ADD CONSTRAINT "offer_terms_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer_terms" ADD CONSTRAINT "offer_terms_resale_grant_id_fkey" FOREIGN KEY ("resale_grant_id") REFERENCES "resale_authorization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resale_authorization" ADD CONSTRAINT "resale_authorization_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resale_authorization" ADD CONSTRAINT "resale_authorization_reseller_partner_id_fkey" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing_catalog_state" ADD CONSTRAINT "listing_catalog_state_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listing"("id") ON DELETE CASCADE ON UPDATE CASCADE;
