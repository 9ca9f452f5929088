-- AlterTable
ALTER TABLE "usage_hour" ADD COLUMN     "revenue_credited_at" TIMESTAMP(3);

-- Hours already credited (a USAGE credit names its usage hour in its key) need no second delivery.
UPDATE "usage_hour" h SET "revenue_credited_at" = h."revenue_published_at"
 WHERE h."revenue_published_at" IS NOT NULL
   AND EXISTS (SELECT 1 FROM "partner_credit" c WHERE c."credit_key" LIKE 'usage:' || h."id"::text || ':%');
