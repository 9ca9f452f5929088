-- CreateEnum
CREATE TYPE "RevenueKind" AS ENUM ('PURCHASE', 'AMENDMENT', 'CANCELLATION', 'REFUND', 'USAGE');

-- AlterTable
ALTER TABLE "commitment_drawdown" ADD COLUMN     "revenue_event_id" UUID;

-- AlterTable
ALTER TABLE "partner_credit" ADD COLUMN     "revenue_event_id" UUID;

-- CreateTable
CREATE TABLE "revenue_event" (
    "id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "kind" "RevenueKind" NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "customer_account_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "reseller_account_id" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "invoice_date" TIMESTAMP(3) NOT NULL,
    "activated_at" TIMESTAMP(3),
    "reverses_external_id" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "revenue_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "revenue_event_external_id_key" ON "revenue_event"("external_id");

-- CreateIndex
CREATE INDEX "revenue_event_processed_at_received_at_idx" ON "revenue_event"("processed_at", "received_at");

-- CreateIndex
CREATE INDEX "revenue_event_reverses_external_id_idx" ON "revenue_event"("reverses_external_id");

-- CreateIndex
CREATE INDEX "commitment_drawdown_revenue_event_id_idx" ON "commitment_drawdown"("revenue_event_id");

-- CreateIndex
CREATE INDEX "partner_credit_revenue_event_id_idx" ON "partner_credit"("revenue_event_id");
