-- CreateEnum
CREATE TYPE "ReconciliationFeed" AS ENUM ('AWS_BILLING_EVENTS', 'AZURE_PAYOUTS');

-- CreateEnum
CREATE TYPE "ReconciliationImportStatus" AS ENUM ('RECEIVING', 'MATCHING', 'COMPLETED', 'REFUSED', 'DUPLICATE', 'FAILED');

-- CreateEnum
CREATE TYPE "MalformedRowPolicy" AS ENUM ('REFUSE', 'QUARANTINE');

-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('MATCHED', 'SHORT_PAID', 'OVER_PAID', 'FEE_MISMATCH', 'REFUND', 'UNMATCHED');

-- CreateTable
CREATE TABLE "reconciliation_import" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "feed" "ReconciliationFeed" NOT NULL,
    "cloud" "Cloud" NOT NULL,
    "file_name" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "on_malformed" "MalformedRowPolicy" NOT NULL,
    "status" "ReconciliationImportStatus" NOT NULL DEFAULT 'RECEIVING',
    "content_sha256" TEXT,
    "duplicate_of_id" UUID,
    "lines_processed" INTEGER NOT NULL DEFAULT 0,
    "rows_imported" INTEGER NOT NULL DEFAULT 0,
    "rows_quarantined" INTEGER NOT NULL DEFAULT 0,
    "rows_superseded" INTEGER NOT NULL DEFAULT 0,
    "items_matched" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "error_line" INTEGER,
    "error_column" TEXT,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "reconciliation_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_feed_row" (
    "cloud" "Cloud" NOT NULL,
    "transaction_reference_id" TEXT NOT NULL,
    "billing_event_id" TEXT NOT NULL,
    "import_seq" BIGINT NOT NULL,
    "line" INTEGER NOT NULL,
    "import_id" UUID NOT NULL,
    "from_account_id" TEXT,
    "to_account_id" TEXT,
    "end_user_account_id" TEXT,
    "product_id" TEXT,
    "action" TEXT NOT NULL,
    "transaction_type" TEXT NOT NULL,
    "parent_billing_event_id" TEXT,
    "disbursement_billing_event_id" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balance_impacting" BOOLEAN NOT NULL,
    "invoice_date" DATE,
    "payment_due_date" DATE,
    "usage_period_start" DATE,
    "usage_period_end" DATE,
    "invoice_id" TEXT,
    "bank_trace_id" TEXT,

    CONSTRAINT "billing_feed_row_pkey" PRIMARY KEY ("cloud","transaction_reference_id","billing_event_id","import_seq","line")
);

-- CreateTable
CREATE TABLE "billing_feed_quarantine" (
    "id" UUID NOT NULL,
    "import_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "column" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "billing_feed_quarantine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_item" (
    "cloud" "Cloud" NOT NULL,
    "transaction_reference_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "agreement_id" UUID,
    "marketplace_agreement_id" TEXT,
    "matched_by" TEXT,
    "end_user_account_id" TEXT,
    "product_id" TEXT,
    "first_invoice_date" DATE,
    "expected_gross_minor" BIGINT NOT NULL,
    "fee_bps" INTEGER NOT NULL,
    "fee_reason" TEXT NOT NULL,
    "expected_net_minor" BIGINT NOT NULL,
    "invoiced_gross_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "refunds_minor" BIGINT NOT NULL,
    "tax_minor" BIGINT NOT NULL,
    "uncollected_minor" BIGINT NOT NULL,
    "collected_net_minor" BIGINT NOT NULL,
    "disbursed_minor" BIGINT NOT NULL,
    "disbursed_gross_minor" BIGINT NOT NULL,
    "variance_minor" BIGINT NOT NULL,
    "status" "ReconciliationStatus" NOT NULL,
    "explanation" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "superseded_rows" INTEGER NOT NULL,
    "last_import_id" UUID NOT NULL,
    "reconciled_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_item_pkey" PRIMARY KEY ("cloud","transaction_reference_id")
);

-- CreateTable
CREATE TABLE "reconciliation_disbursement_line" (
    "cloud" "Cloud" NOT NULL,
    "disbursement_id" TEXT NOT NULL,
    "transaction_reference_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "net_minor" BIGINT NOT NULL,
    "gross_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "disbursed_on" DATE,
    "bank_trace_id" TEXT,

    CONSTRAINT "reconciliation_disbursement_line_pkey" PRIMARY KEY ("cloud","disbursement_id","transaction_reference_id")
);

-- CreateTable
CREATE TABLE "reconciliation_disbursement" (
    "cloud" "Cloud" NOT NULL,
    "disbursement_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "stated_minor" BIGINT,
    "items_minor" BIGINT NOT NULL,
    "item_count" INTEGER NOT NULL,
    "disbursed_on" DATE,
    "bank_trace_id" TEXT,

    CONSTRAINT "reconciliation_disbursement_pkey" PRIMARY KEY ("cloud","disbursement_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_import_seq_key" ON "reconciliation_import"("seq");

-- CreateIndex
CREATE INDEX "reconciliation_import_feed_content_sha256_idx" ON "reconciliation_import"("feed", "content_sha256");

-- CreateIndex
CREATE INDEX "billing_feed_row_import_seq_idx" ON "billing_feed_row" USING BRIN ("import_seq");

-- CreateIndex
CREATE UNIQUE INDEX "billing_feed_quarantine_import_id_line_key" ON "billing_feed_quarantine"("import_id", "line");

-- CreateIndex
CREATE INDEX "reconciliation_item_status_idx" ON "reconciliation_item"("status");

-- CreateIndex
CREATE INDEX "reconciliation_item_agreement_id_idx" ON "reconciliation_item"("agreement_id");

-- CreateIndex
CREATE INDEX "reconciliation_disbursement_line_cloud_transaction_referenc_idx" ON "reconciliation_disbursement_line"("cloud", "transaction_reference_id");

-- CreateIndex
CREATE INDEX "reconciliation_disbursement_disbursed_on_idx" ON "reconciliation_disbursement"("disbursed_on");
