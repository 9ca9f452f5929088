import { z } from 'zod';

const reason = z.string().trim().min(1).max(1000);

export const changeTierSchema = z
  .object({
    /** The tier to set; leave it out with applySuggestion to take the tier partner health suggests. */
    tier: z.string().trim().min(1).max(50).optional(),
    applySuggestion: z.boolean().default(false),
    reason,
  })
  .strict()
  .refine((b) => (b.tier !== undefined) !== b.applySuggestion, {
    path: ['tier'],
    message: 'give a tier, or applySuggestion: true, not both',
  });

export const retireCertificationSchema = z.object({ reason }).strict();
export const removeCertificationQuery = z.object({ reason }).strict();
