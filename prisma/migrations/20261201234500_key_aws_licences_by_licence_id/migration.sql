-- AWS spells one licence two ways (ResolveCustomer's ARN, the licence events' form): a customer is keyed by account id and the licence id both end in
UPDATE "metering_subscription"
   SET "customer_ref" = "aws_account_id" || '/' || substring("license_arn" from '(l-[0-9A-Za-z]+)$')
 WHERE "cloud" = 'AWS' AND "aws_account_id" IS NOT NULL AND "license_arn" ~ 'l-[0-9A-Za-z]+$';
