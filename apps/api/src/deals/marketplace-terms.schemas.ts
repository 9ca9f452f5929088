import { z } from 'zod';
import { MARKETPLACE_OFFER_TYPES } from '@bridge/marketplace';
import { instant } from '../http/response.schemas';

/** Publisher, offer and plan ids go into an Azure Resource Manager path: ARM resource-name characters only. */
const armName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be an Azure Marketplace id (letters, digits, ".", "_", "-"; at most 100)');

/** A deployable plan on the customer's Azure subscription, whose marketplace terms are read or accepted. */
export const marketplacePlanSchema = z.object({
  /** The customer's Azure subscription the plan is deployed on (a GUID). */
  subscriptionId: z.uuid('must be an Azure subscription id (a GUID)'),
  publisherId: armName,
  offerId: armName,
  planId: armName,
  offerType: z.enum(MARKETPLACE_OFFER_TYPES).default('virtualmachine'),
});
export type MarketplacePlanInput = z.infer<typeof marketplacePlanSchema>;

/** A plan's terms on a customer's subscription: what Azure names them by, and its links. */
const planTerms = z.object({
  azureSubscriptionId: z.string(),
  offerType: z.string(),
  publisherId: z.string(),
  offerId: z.string(),
  planId: z.string(),
  agreementId: z.string(),
  licenseTextLink: z.string().nullable(),
  privacyPolicyLink: z.string().nullable(),
  marketplaceTermsLink: z.string().nullable(),
  acceptedOnAzureAt: instant.nullable(),
});

/** Evidence of accepted terms, as a registration shows it. */
export const termAcceptanceView = planTerms.extend({ acceptedBy: z.string(), acceptedAt: instant });

/** The plan's terms as Azure answers them now. */
export const marketplaceTermsView = planTerms.extend({ accepted: z.boolean() });
export const marketplaceTermsRead = z.object({ terms: marketplaceTermsView, recorded: z.array(termAcceptanceView) });
export const marketplaceTermsAccepted = z.object({
  terms: marketplaceTermsView,
  acceptance: termAcceptanceView,
  alreadyAccepted: z.boolean(),
});
