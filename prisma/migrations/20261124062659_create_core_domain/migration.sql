-- CreateEnum
CREATE TYPE "Cloud" AS ENUM ('AWS', 'AZURE', 'GCP');

-- CreateEnum
CREATE TYPE "PartnerPersona" AS ENUM ('ISV', 'GSI', 'RESELLER', 'BOUTIQUE_CONSULTANT');

-- CreateEnum
CREATE TYPE "Engagement" AS ENUM ('SOURCED', 'INFLUENCED');

-- CreateEnum
CREATE TYPE "DealStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "OfferKind" AS ENUM ('PUBLIC', 'PRIVATE', 'CHANNEL');

-- CreateEnum
CREATE TYPE "OfferState" AS ENUM ('DRAFT', 'PUBLISHING', 'PUBLISHED', 'FAILED', 'ACCEPTED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "CreditSource" AS ENUM ('PURCHASE', 'AMENDMENT', 'CANCELLATION', 'USAGE', 'REFUND', 'KICKER');

-- CreateEnum
CREATE TYPE "ApiRole" AS ENUM ('ADMIN', 'ALLIANCE', 'FINANCE', 'PARTNER', 'READ_ONLY');

-- CreateTable
CREATE TABLE "partner" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "persona" "PartnerPersona" NOT NULL,
    "tier" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_cloud_account" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "account_id" TEXT NOT NULL,

    CONSTRAINT "partner_cloud_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "strategic" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_cloud_account" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "account_id" TEXT NOT NULL,

    CONSTRAINT "customer_cloud_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listing" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "product_id" TEXT NOT NULL,
    "product_code" TEXT,
    "title" TEXT NOT NULL,
    "deployed_on_aws" BOOLEAN NOT NULL DEFAULT true,
    "azure_benefit_eligible" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "listing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "listing_dimension" (
    "id" UUID NOT NULL,
    "listing_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "unit_price" DECIMAL(20,6) NOT NULL,
    "currency" CHAR(3) NOT NULL,

    CONSTRAINT "listing_dimension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deal_registration" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "listing_id" UUID,
    "engagement" "Engagement" NOT NULL,
    "status" "DealStatus" NOT NULL DEFAULT 'PENDING',
    "estimated_value_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "registered_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "deal_registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offer" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "kind" "OfferKind" NOT NULL,
    "state" "OfferState" NOT NULL DEFAULT 'DRAFT',
    "listing_id" UUID NOT NULL,
    "partner_id" UUID,
    "marketplace_offer_id" TEXT,
    "resale_authorization_id" TEXT,
    "buyer_accounts" TEXT[],
    "contract_value_minor" BIGINT NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "marketplace_agreement_id" TEXT NOT NULL,
    "offer_id" UUID,
    "customer_id" UUID,
    "marketplace_offer_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "acceptor_account_id" TEXT NOT NULL,
    "proposer_account_id" TEXT NOT NULL,
    "resale_authorization_id" TEXT,
    "intent" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "value_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "accepted_at" TIMESTAMP(3) NOT NULL,
    "starts_at" TIMESTAMP(3),
    "ends_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_credit" (
    "id" UUID NOT NULL,
    "credit_key" TEXT NOT NULL,
    "partner_id" UUID NOT NULL,
    "agreement_id" UUID,
    "source" "CreditSource" NOT NULL,
    "engagement" "Engagement" NOT NULL,
    "rule_id" TEXT NOT NULL,
    "kicker" TEXT,
    "share_bps" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_credit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marketplace_event" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "external_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "detail_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "marketplace_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "ApiRole" NOT NULL,
    "partner_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "reason" TEXT,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "partner_cloud_account_partner_id_idx" ON "partner_cloud_account"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "partner_cloud_account_cloud_account_id_key" ON "partner_cloud_account"("cloud", "account_id");

-- CreateIndex
CREATE INDEX "customer_cloud_account_customer_id_idx" ON "customer_cloud_account"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_cloud_account_cloud_account_id_key" ON "customer_cloud_account"("cloud", "account_id");

-- CreateIndex
CREATE UNIQUE INDEX "listing_cloud_product_id_key" ON "listing"("cloud", "product_id");

-- CreateIndex
CREATE UNIQUE INDEX "listing_dimension_listing_id_key_key" ON "listing_dimension"("listing_id", "key");

-- CreateIndex
CREATE INDEX "deal_registration_customer_id_listing_id_status_idx" ON "deal_registration"("customer_id", "listing_id", "status");

-- CreateIndex
CREATE INDEX "deal_registration_partner_id_idx" ON "deal_registration"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "offer_marketplace_offer_id_key" ON "offer"("marketplace_offer_id");

-- CreateIndex
CREATE INDEX "offer_partner_id_idx" ON "offer"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_cloud_marketplace_agreement_id_key" ON "agreement"("cloud", "marketplace_agreement_id");

-- CreateIndex
CREATE UNIQUE INDEX "partner_credit_credit_key_key" ON "partner_credit"("credit_key");

-- CreateIndex
CREATE INDEX "partner_credit_partner_id_occurred_at_idx" ON "partner_credit"("partner_id", "occurred_at");

-- CreateIndex
CREATE INDEX "partner_credit_agreement_id_idx" ON "partner_credit"("agreement_id");

-- CreateIndex
CREATE INDEX "marketplace_event_processed_at_received_at_idx" ON "marketplace_event"("processed_at", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "marketplace_event_cloud_external_id_key" ON "marketplace_event"("cloud", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_idx" ON "audit_entry"("entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "partner_cloud_account" ADD CONSTRAINT "partner_cloud_account_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_cloud_account" ADD CONSTRAINT "customer_cloud_account_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing_dimension" ADD CONSTRAINT "listing_dimension_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_registration" ADD CONSTRAINT "deal_registration_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_registration" ADD CONSTRAINT "deal_registration_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_registration" ADD CONSTRAINT "deal_registration_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_listing_id_fkey" FOREIGN KEY ("listing_id") REFERENCES "listing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_credit" ADD CONSTRAINT "partner_credit_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_credit" ADD CONSTRAINT "partner_credit_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
