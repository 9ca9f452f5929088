import { z } from 'zod';
import { AZURE_PLAN_TERMS } from '@bridge/domain';
import { decimalPrice } from '../offers/offer.schemas';

/** Partner Center offer ids: lowercase letters, digits, dashes and underscores. */
export const azureOfferIdParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be a Partner Center offer id (lowercase letters, digits, - and _; at most 50)');

/**
 * An Azure SaaS offer as the product records it: its plans with their
 * prices (what an Azure agreement is worth), and whether it is "Azure
 * benefit eligible" (its purchases retire a MACC) and since when.
 */
export const azureListingSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    benefitEligible: z.boolean(),
    /** When the offer became benefit eligible; earlier purchases never count. Default: now, when eligible. */
    benefitEligibleSince: z.iso.datetime({ offset: true }).optional(),
    plans: z
      .array(
        z
          .object({
            planId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be a plan id (lowercase letters, digits, - and _)'),
            name: z.string().trim().min(1).max(100).optional(),
            /** The price of one billing term (per seat when perSeat). */
            price: decimalPrice,
            currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
            term: z.enum(AZURE_PLAN_TERMS),
            perSeat: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict()
  .superRefine((l, ctx) => {
    const seen = new Set<string>();
    l.plans.forEach((p, i) => {
      if (seen.has(p.planId)) ctx.addIssue({ code: 'custom', path: ['plans', i, 'planId'], message: `plan ${p.planId} is listed twice` });
      seen.add(p.planId);
    });
    if (!l.benefitEligible && l.benefitEligibleSince)
      ctx.addIssue({ code: 'custom', path: ['benefitEligibleSince'], message: 'only a benefit-eligible offer has an eligibility date' });
  });
export type AzureListingInput = z.infer<typeof azureListingSchema>;
