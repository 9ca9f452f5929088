import { z } from 'zod';

export const MAX_REVENUE_EVENTS_PER_REQUEST = 1000;

const revenueEvent = z
  .object({
    /** Your idempotency key: sending it again is answered as a duplicate and credits nothing more. */
    eventId: z.string().trim().min(1).max(128),
    kind: z.enum(['PURCHASE', 'AMENDMENT', 'CANCELLATION', 'REFUND', 'USAGE']),
    cloud: z.enum(['AWS', 'AZURE', 'GCP']),
    /** AWS account id, Azure tenant id or GCP billing account of the buyer. */
    customerAccountId: z.string().trim().min(1).max(64),
    /** The marketplace product id of the listing. */
    productId: z.string().trim().min(1).max(128),
    /** For a channel sale: the reseller's seller account. */
    resellerAccountId: z.string().trim().min(1).max(64).optional(),
    /** Pre-tax amount as a decimal string; negative for a refund or cancellation. */
    amount: z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/, 'must be a decimal amount such as "1200.00" or "-300.00"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    occurredAt: z.coerce.date(),
    /** The invoice date the clouds judge commit eligibility by; defaults to occurredAt. */
    invoiceDate: z.coerce.date().optional(),
    /** Azure SaaS: when the publisher activated the subscription. */
    activatedAt: z.coerce.date().optional(),
    /** For a refund or cancellation: the eventId of the purchase it takes back. */
    reverses: z.string().trim().min(1).max(128).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const negative = e.amount.startsWith('-');
    const reversal = e.kind === 'REFUND' || e.kind === 'CANCELLATION';
    if (reversal && !negative) ctx.addIssue({ code: 'custom', path: ['amount'], message: `a ${e.kind.toLowerCase()} is negative` });
    if (!reversal && negative) ctx.addIssue({ code: 'custom', path: ['amount'], message: `a ${e.kind.toLowerCase()} cannot be negative` });
    if (reversal && !e.reverses)
      ctx.addIssue({ code: 'custom', path: ['reverses'], message: 'names the eventId of the purchase taken back' });
  });

export const revenueEventsSchema = z
  .object({ events: z.array(revenueEvent).min(1).max(MAX_REVENUE_EVENTS_PER_REQUEST) })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.events.forEach((e, i) => {
      if (seen.has(e.eventId)) ctx.addIssue({ code: 'custom', path: ['events', i, 'eventId'], message: 'appears twice in this request' });
      seen.add(e.eventId);
    });
  });

export type RevenueEventsInput = z.infer<typeof revenueEventsSchema>;

/** How many events were stored, and the event ids already stored before (taken once, never twice). */
export const revenueEventsReceived = z.object({ accepted: z.number().int(), duplicates: z.array(z.string()) });
