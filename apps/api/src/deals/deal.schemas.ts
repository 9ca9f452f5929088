import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { instant, moneySchema, pageSchema } from '../http/response.schemas';
import { termAcceptanceView } from './marketplace-terms.schemas';

const decimal = z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a non-negative decimal amount such as "250000.00"');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');

export const registerDealSchema = z
  .object({
    partnerId: z.string().uuid().optional(),
    customerId: z.string().uuid(),
    listingId: z.string().uuid().nullable().default(null),
    engagement: z.enum(['SOURCED', 'INFLUENCED']),
    estimatedValue: decimal,
    currency: currency.default('USD'),
    expiresAt: z.coerce.date().optional(),
    isNewLogo: z.boolean().default(false),
    isLegacyMigration: z.boolean().default(false),
  })
  .strict();

export const decideDealSchema = z.object({ reason: z.string().trim().min(1).max(1000).optional() }).strict();
export const approveManySchema = z
  .object({ ids: z.array(z.string().uuid()).min(1).max(100), reason: z.string().trim().min(1).max(1000).optional() })
  .strict()
  .refine((b) => new Set(b.ids).size === b.ids.length, { path: ['ids'], message: 'an id appears twice' });

export const rejectDealSchema = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

export const DEALS_ORDER = listOrder('deals', [
  { field: 'registeredAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);

export const listDealsQuery = z
  .object({
    ...pageQueryFields(DEALS_ORDER),
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED']).optional(),
    customerId: z.string().uuid().optional(),
    /** Staff only: one partner's registrations (a partner's key always sees its own alone). */
    partnerId: z.string().uuid().optional(),
  })
  .strict();

export type RegisterDealInput = z.infer<typeof registerDealSchema>;

/** How long a registration protects a deal when the partner does not say. */
export const DEFAULT_REGISTRATION_DAYS = 90;

/** A deal registration as the API answers it. */
export const dealView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  customerId: z.uuid(),
  listingId: z.uuid().nullable(),
  engagement: z.string(),
  status: z.string(),
  estimatedValue: moneySchema,
  isNewLogo: z.boolean(),
  isLegacyMigration: z.boolean(),
  registeredAt: instant,
  decidedAt: instant.nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  expiresAt: instant,
});
export type DealView = z.output<typeof dealView>;
export const dealsPage = pageSchema('deals', dealView);
export const approvedDeals = z.object({ deals: z.array(dealView) });
/** A registration with the evidence of what was deployed under it: the Azure plans whose marketplace terms the partner accepted. */
export const dealDetailView = dealView.extend({ marketplaceTerms: z.array(termAcceptanceView) });
