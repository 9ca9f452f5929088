-- An Azure agreement is a SaaS subscription: what it is worth follows its plan, billing term and seats.
ALTER TABLE "agreement" ADD COLUMN "plan_id" TEXT,
ADD COLUMN "billing_term" TEXT,
ADD COLUMN "quantity" INTEGER;
