-- An item paid by instalments keeps the charge date of its next instalment: once it passes, the item is judged again
ALTER TABLE "reconciliation_item" ADD COLUMN "next_charge_date" DATE;

-- Only the items that have one are indexed (most items have none)
CREATE INDEX "reconciliation_item_next_charge_date_idx" ON "reconciliation_item" ("cloud", "next_charge_date") WHERE "next_charge_date" IS NOT NULL;
