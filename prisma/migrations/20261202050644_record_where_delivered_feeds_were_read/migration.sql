-- AlterTable
ALTER TABLE "reconciliation_import" ADD COLUMN     "source_bucket" TEXT,
ADD COLUMN     "source_etag" TEXT,
ADD COLUMN     "source_key" TEXT,
ADD COLUMN     "source_range_end" BIGINT,
ADD COLUMN     "source_range_start" BIGINT;

-- CreateTable
CREATE TABLE "delivered_feed_object" (
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "feed" "ReconciliationFeed" NOT NULL,
    "header" TEXT,
    "offset" BIGINT NOT NULL DEFAULT 0,
    "tail_sha256" TEXT,
    "tail_length" INTEGER NOT NULL DEFAULT 0,
    "pending_until" BIGINT,
    "etag" TEXT,
    "last_import_id" UUID,
    "problem" TEXT,
    "problem_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "delivered_feed_object_pkey" PRIMARY KEY ("bucket","key")
);

-- CreateIndex
CREATE INDEX "reconciliation_import_source_bucket_source_key_source_range_idx" ON "reconciliation_import"("source_bucket", "source_key", "source_range_start");
