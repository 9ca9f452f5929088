-- CreateIndex
CREATE INDEX "usage_hour_status_revenue_published_at_idx" ON "usage_hour"("status", "revenue_published_at");
