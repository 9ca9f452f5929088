import { z } from 'zod';
import { MARKETPLACE_OFFER_TYPES } from '@bridge/marketplace';

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
