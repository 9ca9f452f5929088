-- DropIndex
DROP INDEX "mdf_request_partner_id_created_at_idx";

-- CreateIndex
CREATE INDEX "attribution_decision_decided_at_id_idx" ON "attribution_decision"("decided_at", "id");

-- CreateIndex
CREATE INDEX "customer_name_id_idx" ON "customer"("name", "id");

-- CreateIndex
CREATE INDEX "mdf_budget_period_id_idx" ON "mdf_budget"("period", "id");

-- CreateIndex
CREATE INDEX "mdf_request_partner_id_created_at_id_idx" ON "mdf_request"("partner_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "mdf_request_created_at_id_idx" ON "mdf_request"("created_at", "id");
