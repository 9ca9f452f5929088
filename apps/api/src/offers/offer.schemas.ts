import { z } from 'zod';

export const uuidParam = z.string().uuid({ message: 'must be a UUID' });

export const awsAccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** Prices are decimal strings ("0.10"): never floats; sub-cent allowed (6 places, as ListingDimension). */
export const decimalPrice = z
  .string({ message: 'must be a decimal string such as "0.10"' })
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "0.10"')
  .refine((v) => !v.startsWith('-'), 'must not be negative')
  .refine((v) => /^\d{1,12}(\.\d{1,6})?$/.test(v), 'at most 12 digits before and 6 after the decimal point');

const future = (what: string) =>
  z.iso
    .datetime({ offset: true, message: `${what} must be an ISO 8601 date-time` })
    .refine((v) => Date.parse(v) > Date.now(), `${what} must be in the future`);

const eula = z.discriminatedUnion('type', [
  z.object({ type: z.literal('StandardEula') }).strict(),
  z.object({ type: z.literal('CustomEula'), url: z.url({ protocol: /^https$/, message: 'must be an https URL' }) }).strict(),
]);

const prices = z
  .array(z.object({ dimension: z.string().trim().min(1).max(100), price: decimalPrice }).strict())
  .min(1, 'name at least one dimension and its price')
  .max(50)
  .refine((list) => new Set(list.map((p) => p.dimension)).size === list.length, 'each dimension once');

const offerFields = {
  name: z.string().trim().min(1).max(150),
  buyerAccounts: z.array(awsAccountId).min(1, 'target at least one buyer account').max(25),
  expiresAt: future('expiresAt'),
};

/**
 * What an offer sells: a direct offer's prices (and schedule, EULA), or a
 * channel offer's resale authorization and markup over its prices. Drafts and
 * replacement offers take the same terms.
 */
const termsFields = {
  resaleAuthorizationId: z.string().uuid({ message: 'must be a UUID' }).optional(),
  pricingModel: z.enum(['Usage', 'Contract']).default('Usage'),
  prices: prices.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  durationMonths: z.number().int().min(1).max(60).default(12),
  paymentSchedule: z
    .array(z.object({ chargeDate: z.iso.date({ message: 'must be a date YYYY-MM-DD' }), amount: decimalPrice }).strict())
    .min(1)
    .max(60)
    .optional(),
  eula: eula.default({ type: 'StandardEula' }),
  markupPercent: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a decimal string such as "5.0"')
    .refine((v) => Number(v) <= 100, 'at most 100')
    .optional(),
};

type Terms = { resaleAuthorizationId?: string; prices?: unknown; markupPercent?: string; paymentSchedule?: unknown; pricingModel: string };

/** A channel offer has a markup and the authorization's prices; a direct one its own prices. */
function checkTerms(d: Terms, ctx: z.RefinementCtx) {
  const channel = d.resaleAuthorizationId !== undefined;
  if (!channel && !d.prices)
    ctx.addIssue({ code: 'custom', path: ['prices'], message: 'required for a direct offer (or give resaleAuthorizationId)' });
  if (channel && d.markupPercent === undefined)
    ctx.addIssue({ code: 'custom', path: ['markupPercent'], message: 'required for a channel offer' });
  if (channel && d.prices)
    ctx.addIssue({ code: 'custom', path: ['prices'], message: "a channel offer takes the authorization's prices plus its markup" });
  // AWS takes instalments only beside a contract's upfront term (MISSING_MANDATORY_TERMS otherwise).
  if (d.paymentSchedule && d.pricingModel !== 'Contract')
    ctx.addIssue({ code: 'custom', path: ['paymentSchedule'], message: 'instalments need pricingModel "Contract"' });
}

/**
 * A draft: a direct private offer (listingId + prices) or a channel offer
 * (resaleAuthorizationId + markupPercent, prices from the authorization).
 */
export const draftOfferSchema = z
  .object({
    ...offerFields,
    ...termsFields,
    listingId: z.string().uuid({ message: 'must be a UUID' }).optional(),
    partnerId: z.string().uuid({ message: 'must be a UUID' }).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.resaleAuthorizationId === undefined && !d.listingId)
      ctx.addIssue({ code: 'custom', path: ['listingId'], message: 'required for a private offer (or give resaleAuthorizationId)' });
    checkTerms(d, ctx);
  });

/**
 * A replacement offer of an agreement (renewal or upsell): the buyer and the
 * product are the agreement's. A direct agreement is replaced with new
 * prices; a channel agreement by its reseller, from a resale authorization
 * of the same product, with a markup.
 */
export const replacementOfferSchema = z
  .object({
    name: offerFields.name,
    expiresAt: offerFields.expiresAt,
    agreementEndDate: z.iso.date({
      error: (issue) =>
        issue.input === undefined
          ? 'required: AWS refuses a replacement offer that does not say when its agreement ends (MISSING_AGREEMENT_END_DATE)'
          : 'must be a date YYYY-MM-DD',
    }),
    ...termsFields,
  })
  .strict()
  .superRefine(checkTerms);

export const updateOfferSchema = z
  .object({
    name: offerFields.name.optional(),
    buyerAccounts: offerFields.buyerAccounts.optional(),
    expiresAt: offerFields.expiresAt.optional(),
    prices: prices.optional(),
    eula: eula.optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).some((k) => k !== 'reason'), {
    message: 'change at least one of name, buyerAccounts, expiresAt, prices, eula',
  });

export const reasonSchema = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

export const linkOpportunitySchema = z
  .object({ opportunityId: z.string().regex(/^O\d{1,19}$/, 'must be a Partner Central opportunity id such as O1234567') })
  .strict();

export const resaleAuthorizationSchema = z
  .object({
    listingId: z.string().uuid({ message: 'must be a UUID' }),
    resellerPartnerId: z.string().uuid({ message: 'must be a UUID' }),
    name: z.string().trim().min(1).max(150),
    pricingModel: z.enum(['Usage', 'Contract']).default('Usage'),
    prices,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .default('USD'),
    durationMonths: z.number().int().min(1).max(60).default(12),
    eula: eula.default({ type: 'StandardEula' }),
    expiresAt: future('expiresAt'),
  })
  .strict();

export type DraftOfferInput = z.infer<typeof draftOfferSchema>;
export type ReplacementOfferInput = z.infer<typeof replacementOfferSchema>;
export type UpdateOfferInput = z.infer<typeof updateOfferSchema>;
export type ResaleAuthorizationInput = z.infer<typeof resaleAuthorizationSchema>;
export type Eula = DraftOfferInput['eula'];
