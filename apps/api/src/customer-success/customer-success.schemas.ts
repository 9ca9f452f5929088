import { z } from 'zod';
import { moneySchema, pageSchema } from '../http/response.schemas';

/** One partner-led account: adoption from metered usage, risk signals with their reasons, renewals. */
export const accountView = z.object({
  customerId: z.uuid(),
  name: z.string(),
  strategic: z.boolean(),
  /** The partners that influenced it; not shown to a partner's key. */
  partners: z.array(z.object({ id: z.uuid(), name: z.string() })).optional(),
  adoption: z.object({
    activeDimensions: z.array(z.string()),
    weeks: z.array(z.object({ weekStart: z.string(), quantityByDimension: z.record(z.string(), z.string()), valueMinor: z.string() })),
    usageValueLast8Weeks: moneySchema.nullable(),
    contractValue: moneySchema.nullable(),
    usageAgainstContractBps: z.number().nullable(),
    /** Per live agreement and dimension it includes: usage in its term so far against the quantity bought. */
    included: z.array(
      z.object({
        agreementId: z.string(),
        dimension: z.string(),
        included: z.string(),
        used: z.string(),
        percentUsed: z.string().nullable(),
        state: z.enum(['UNDER', 'AT', 'OVER']),
        differenceQuantity: z.string(),
      }),
    ),
  }),
  atRisk: z.boolean(),
  risks: z.array(
    z.object({
      kind: z.enum(['USAGE_FALLING', 'UNSUBSCRIBE_PENDING', 'CANCELLED', 'RENEWAL_DUE', 'COMMITMENT_BEHIND_PACE']),
      reason: z.string(),
      subject: z.string(),
      withinDays: z.union([z.literal(30), z.literal(60), z.literal(90)]).optional(),
    }),
  ),
  renewals: z.array(z.object({ agreementId: z.string(), endsAt: z.string(), renewed: z.boolean() })),
  commitments: z.array(z.object({ id: z.uuid(), kind: z.enum(['EDP', 'PPA', 'MACC', 'GCP']), endsAt: z.string(), onTrack: z.boolean() })),
});
export type AccountView = z.output<typeof accountView>;
export const accountsPage = pageSchema('accounts', accountView);
export const bookPage = pageSchema('accounts', accountView, { partnerId: z.uuid() });
