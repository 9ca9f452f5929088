-- A marketplace message that is authenticated but not understood is kept as received and parked with the reason, never refused
ALTER TABLE "marketplace_event" ADD COLUMN "parked_at" TIMESTAMP(3),
ADD COLUMN "park_reason" TEXT;

-- CreateIndex
CREATE INDEX "marketplace_event_parked_at_idx" ON "marketplace_event"("parked_at");
