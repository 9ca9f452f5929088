import { z } from 'zod';
import { eulaSchema } from '@bridge/database';
import { instant, jsonValue, moneySchema, pageSchema } from '../http/response.schemas';

export const uuidParam = z.string().uuid({ message: 'must be a UUID' });

export const awsAccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** A Microsoft Customer Agreement billing account id, as Partner Center names a private offer's beneficiary. */
const AZURE_BILLING_ACCOUNT =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_\d{4}-\d{2}-\d{2}$/i;
const AZURE_BUYER_REASON =
  "must be the customer's billing account id, such as 0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f_2019-05-31";
/** A buyer: an AWS account, or an Azure customer's billing account; which one the offer's cloud wants is checked beside it. */
const buyerAccount = z
  .string()
  .refine(
    (v) => /^\d{12}$/.test(v) || AZURE_BILLING_ACCOUNT.test(v),
    'must be a 12-digit AWS account id (or, on Azure, a billing account id)',
  );

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

/** The stored EULA's own schema: what a request may name is what a row holds. */
const eula = eulaSchema;

const prices = z
  .array(z.object({ dimension: z.string().trim().min(1).max(100), price: decimalPrice }).strict())
  .min(1, 'name at least one dimension and its price')
  .max(50)
  .refine((list) => new Set(list.map((p) => p.dimension)).size === list.length, 'each dimension once');

const offerFields = {
  name: z.string().trim().min(1).max(150),
  buyerAccounts: z.array(buyerAccount).min(1, 'target at least one buyer account').max(25),
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

/** The marketplace the offer is made on: AWS unless it says Azure. */
const cloudField = z.enum(['AWS', 'AZURE']).default('AWS');

/**
 * What an Azure private offer can say: its buyers are billing accounts, its
 * prices are plan prices in US dollars (the Product Ingestion API's
 * `pricePerPaymentInUsd`), and it has no AWS contract terms.
 */
function checkCloud(
  d: {
    cloud: 'AWS' | 'AZURE';
    buyerAccounts?: string[];
    currency: string;
    paymentSchedule?: unknown;
    pricingModel: string;
    preparedBy?: string;
  },
  ctx: z.RefinementCtx,
  needsPreparedBy = false,
) {
  (d.buyerAccounts ?? []).forEach((b, i) => {
    if (d.cloud === 'AZURE' && !AZURE_BILLING_ACCOUNT.test(b))
      ctx.addIssue({ code: 'custom', path: ['buyerAccounts', i], message: AZURE_BUYER_REASON });
    if (d.cloud === 'AWS' && !/^\d{12}$/.test(b))
      ctx.addIssue({ code: 'custom', path: ['buyerAccounts', i], message: 'must be a 12-digit AWS account id' });
  });
  if (d.cloud !== 'AZURE') {
    if (d.preparedBy) ctx.addIssue({ code: 'custom', path: ['preparedBy'], message: 'only an Azure private offer names who prepared it' });
    return;
  }
  if (needsPreparedBy && !d.preparedBy)
    ctx.addIssue({ code: 'custom', path: ['preparedBy'], message: 'required on Azure: the email of who prepared the offer' });
  if (d.currency !== 'USD')
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'an Azure private offer is priced in USD (pricePerPaymentInUsd)' });
  if (d.paymentSchedule)
    ctx.addIssue({
      code: 'custom',
      path: ['paymentSchedule'],
      message: 'an Azure private offer is billed per plan term, not by instalments',
    });
  if (d.pricingModel !== 'Usage')
    ctx.addIssue({
      code: 'custom',
      path: ['pricingModel'],
      message: 'an Azure private offer prices its plans per billing term; leave pricingModel out',
    });
}

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
    cloud: cloudField,
    /** Azure: the email of who prepared the offer (Partner Center's preparedBy). */
    preparedBy: z.email({ message: 'must be an email address' }).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.resaleAuthorizationId === undefined && !d.listingId)
      ctx.addIssue({ code: 'custom', path: ['listingId'], message: 'required for a private offer (or give resaleAuthorizationId)' });
    checkTerms(d, ctx);
    checkCloud(d, ctx, true);
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
    cloud: cloudField,
    /** Azure: the customers the multiparty private offer is for (an AWS authorization names none). */
    buyerAccounts: z.array(buyerAccount).min(1).max(25).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.cloud === 'AZURE' && !d.buyerAccounts)
      ctx.addIssue({
        code: 'custom',
        path: ['buyerAccounts'],
        message: 'required on Azure: a multiparty private offer names its customers',
      });
    if (d.cloud === 'AWS' && d.buyerAccounts)
      ctx.addIssue({
        code: 'custom',
        path: ['buyerAccounts'],
        message: 'an AWS resale authorization names no buyers; the reseller targets them',
      });
    checkCloud(d, ctx);
  });

export type DraftOfferInput = z.infer<typeof draftOfferSchema>;
export type ReplacementOfferInput = z.infer<typeof replacementOfferSchema>;
export type UpdateOfferInput = z.infer<typeof updateOfferSchema>;
export type ResaleAuthorizationInput = z.infer<typeof resaleAuthorizationSchema>;
/** A change set sent to the marketplace, with its errors in words. */
export const changeSetView = z.object({
  id: z.uuid(),
  purpose: z.string(),
  status: z.string(),
  marketplaceChangeSetId: z.string().nullable(),
  failureCode: z.string().nullable(),
  errors: z.array(z.object({ field: z.string(), change: z.string(), code: z.string(), message: z.string() })),
  /** While PENDING: why it has not been sent yet. */
  waitingBecause: z.string().nullable(),
  createdAt: instant,
  finishedAt: instant.nullable(),
});
export type ChangeSetView = z.output<typeof changeSetView>;

/** An offer as the API answers it, with its change sets. */
export const offerView = z.object({
  id: z.uuid(),
  kind: z.enum(['PUBLIC', 'PRIVATE', 'CHANNEL']),
  /** Read from the clock as well: a published offer past its expiry is EXPIRED. */
  state: z.enum(['DRAFT', 'PUBLISHING', 'PUBLISHED', 'FAILED', 'ACCEPTED', 'EXPIRED']),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  partnerId: z.uuid().nullable(),
  listing: z.object({
    id: z.uuid(),
    productId: z.string(),
    title: z.string(),
    dimensions: z.array(z.object({ key: z.string(), unit: z.string() })),
  }),
  marketplaceOfferId: z.string().nullable(),
  resaleAuthorizationId: z.string().nullable(),
  marketplaceResaleAuthorizationId: z.string().nullable(),
  /** Set for a replacement offer: the agreement a buyer's acceptance replaces. */
  replacesAgreement: z.object({ id: z.uuid(), marketplaceAgreementId: z.string() }).nullable(),
  agreementEndDate: z.string().nullable(),
  name: z.string().nullable(),
  buyerAccounts: z.array(z.string()),
  pricingModel: z.string().nullable(),
  prices: z.array(z.object({ dimension: z.string(), price: z.string(), currency: z.string() })),
  markupPercent: z.string().nullable(),
  contractValue: moneySchema,
  durationMonths: z.number().int().nullable(),
  paymentSchedule: jsonValue,
  eula: jsonValue,
  opportunityId: z.string().nullable(),
  expiresAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
  changeSets: z.array(changeSetView),
});
export type OfferView = z.output<typeof offerView>;
export const offersPage = pageSchema('offers', offerView);
export const opportunityLinkView = z.object({ accepted: z.literal(true), opportunityId: z.string() });
export const offerAuditPage = pageSchema(
  'entries',
  z.object({ at: instant, actor: z.string(), action: z.string(), reason: z.string().nullable(), data: jsonValue }),
);

/** A resale authorization: what the reseller may sell, at what wholesale prices, until when. */
export const resaleAuthorizationView = z.object({
  id: z.uuid(),
  state: z.enum(['DRAFT', 'PUBLISHING', 'ACTIVE', 'FAILED', 'RESTRICTED', 'EXPIRED']),
  listingId: z.uuid(),
  resellerPartnerId: z.uuid(),
  resellerAccountId: z.string(),
  marketplaceId: z.string().nullable(),
  name: z.string(),
  wholesalePrices: z.array(z.object({ dimension: z.string(), price: z.string() })),
  durationMonths: z.number().int(),
  eula: jsonValue,
  expiresAt: instant,
  createdAt: instant,
});
export type ResaleAuthorizationView = z.output<typeof resaleAuthorizationView>;
export const resaleAuthorizationsPage = pageSchema('resaleAuthorizations', resaleAuthorizationView);
export const resaleAuthorizationDetail = resaleAuthorizationView.extend({ changeSets: z.array(changeSetView) });
