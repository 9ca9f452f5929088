-- CreateTable
CREATE TABLE "agreement_recredit" (
    "id" UUID NOT NULL,
    "agreement_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "agreement_recredit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agreement_recredit_completed_at_requested_at_idx" ON "agreement_recredit"("completed_at", "requested_at");
