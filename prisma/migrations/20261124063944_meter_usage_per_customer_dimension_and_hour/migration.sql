-- CreateEnum
CREATE TYPE "MeteringSubscriptionStatus" AS ENUM ('ACTIVE', 'UNSUBSCRIBE_PENDING', 'ENDED');

-- CreateEnum
CREATE TYPE "UsageHourStatus" AS ENUM ('PENDING', 'SENDING', 'ACCEPTED', 'REJECTED', 'UNKNOWN');

-- CreateTable
CREATE TABLE "metering_subscription" (
    "id" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "customer_ref" TEXT NOT NULL,
    "aws_account_id" TEXT,
    "license_arn" TEXT,
    "customer_identifier" TEXT,
    "product_code" TEXT NOT NULL,
    "azure_plan_id" TEXT,
    "listing_id" UUID,
    "marketplace_agreement_id" TEXT,
    "report_zero_hours" BOOLEAN NOT NULL DEFAULT false,
    "status" "MeteringSubscriptionStatus" NOT NULL DEFAULT 'ACTIVE',
    "started_at" TIMESTAMP(3) NOT NULL,
    "ending_at" TIMESTAMP(3),
    "final_flush_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metering_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metering_subscription_dimension" (
    "subscription_id" UUID NOT NULL,
    "dimension" TEXT NOT NULL,
    "unit_price" DECIMAL(20,6),
    "currency" CHAR(3),

    CONSTRAINT "metering_subscription_dimension_pkey" PRIMARY KEY ("subscription_id","dimension")
);

-- CreateTable
CREATE TABLE "usage_record" (
    "idempotency_key" TEXT NOT NULL,
    "subscription_id" UUID NOT NULL,
    "dimension" TEXT NOT NULL,
    "usage_at" TIMESTAMP(3) NOT NULL,
    "quantity" BIGINT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_record_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "usage_hour" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "dimension" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "received_quantity" BIGINT NOT NULL DEFAULT 0,
    "record_count" INTEGER NOT NULL DEFAULT 0,
    "carried_in" BIGINT NOT NULL DEFAULT 0,
    "carried_out" BIGINT NOT NULL DEFAULT 0,
    "unbillable_quantity" BIGINT NOT NULL DEFAULT 0,
    "billed_quantity" BIGINT,
    "unit_price" DECIMAL(20,6),
    "currency" CHAR(3),
    "value_minor" BIGINT,
    "status" "UsageHourStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "send_attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMP(3),
    "metering_record_id" TEXT,
    "frozen_at" TIMESTAMP(3),
    "settled_at" TIMESTAMP(3),
    "revenue_published_at" TIMESTAMP(3),

    CONSTRAINT "usage_hour_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "metering_subscription_customer_identifier_idx" ON "metering_subscription"("customer_identifier");

-- CreateIndex
CREATE UNIQUE INDEX "metering_subscription_cloud_customer_ref_key" ON "metering_subscription"("cloud", "customer_ref");

-- CreateIndex
CREATE INDEX "usage_hour_status_hour_idx" ON "usage_hour"("status", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "usage_hour_subscription_id_dimension_hour_key" ON "usage_hour"("subscription_id", "dimension", "hour");

-- AddForeignKey
ALTER TABLE "metering_subscription_dimension" ADD CONSTRAINT "metering_subscription_dimension_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "metering_subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
