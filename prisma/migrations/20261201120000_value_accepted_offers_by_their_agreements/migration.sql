-- An accepted offer is worth what its buyers agreed to pay: the value of its agreements in the offer's currency.
-- Offers accepted before this rule kept the value of their terms, which for a channel offer (wholesale per-unit
-- prices) is 0. From now on the private-offers app sets it at acceptance (libs/domain acceptedOfferValue).
UPDATE "offer" AS o
   SET "contract_value_minor" = a."total"
  FROM (SELECT "offer_id", "currency", sum("value_minor") AS "total" FROM "agreement" WHERE "offer_id" IS NOT NULL GROUP BY "offer_id", "currency") AS a
 WHERE a."offer_id" = o."id" AND a."currency" = o."currency" AND o."state" = 'ACCEPTED';
