-- CreateTable
CREATE TABLE "marketplace_term_acceptance" (
    "id" UUID NOT NULL,
    "deal_registration_id" UUID NOT NULL,
    "accepted_by" TEXT NOT NULL,
    "accepted_at" TIMESTAMP(3) NOT NULL,
    "offer_type" TEXT NOT NULL,
    "azure_subscription_id" TEXT NOT NULL,
    "publisher_id" TEXT NOT NULL,
    "offer_id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "agreement_id" TEXT NOT NULL,
    "license_text_link" TEXT,
    "privacy_policy_link" TEXT,
    "marketplace_terms_link" TEXT,
    "signature" TEXT,
    "retrieved_at" TIMESTAMP(3),

    CONSTRAINT "marketplace_term_acceptance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "marketplace_term_acceptance_deal_registration_id_azure_subs_key" ON "marketplace_term_acceptance"("deal_registration_id", "azure_subscription_id", "offer_type", "publisher_id", "offer_id", "plan_id");

-- AddForeignKey
ALTER TABLE "marketplace_term_acceptance" ADD CONSTRAINT "marketplace_term_acceptance_deal_registration_id_fkey" FOREIGN KEY ("deal_registration_id") REFERENCES "deal_registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
