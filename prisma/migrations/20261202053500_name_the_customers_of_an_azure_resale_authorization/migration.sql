-- Azure multiparty private offers name their customers when the ISV authorises the reseller,
-- and every Azure private offer says who prepared it.
ALTER TABLE "resale_authorization" ADD COLUMN "buyer_accounts" TEXT[] DEFAULT ARRAY[]::TEXT[];

ALTER TABLE "offer_terms" ADD COLUMN "prepared_by" TEXT;
