-- A replacement offer (renewal or upsell) names the agreement its acceptance replaces, and the day the new agreement ends.
-- AlterTable
ALTER TABLE "offer" ADD COLUMN     "replaces_agreement_id" UUID;

-- AlterTable
ALTER TABLE "offer_terms" ADD COLUMN     "agreement_end_date" DATE;

-- CreateIndex
CREATE INDEX "offer_replaces_agreement_id_idx" ON "offer"("replaces_agreement_id");

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_replaces_agreement_id_fkey" FOREIGN KEY ("replaces_agreement_id") REFERENCES "agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
