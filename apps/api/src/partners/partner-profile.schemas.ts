import { z } from 'zod';
import { instant } from '../http/response.schemas';

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

export const tierChangeView = z.object({
  id: z.uuid(),
  name: z.string(),
  tier: z.string().nullable(),
  from: z.string().nullable(),
  appliedSuggestion: z.boolean(),
});

/** A certification, and whether it is valid now. */
export const certificationView = z.object({
  id: z.uuid(),
  kind: z.string(),
  name: z.string(),
  expiresAt: instant,
  valid: z.boolean(),
  createdAt: instant,
});
export const certificationsView = z.object({ certifications: z.array(certificationView) });
export const removedCertificationView = z.object({ removed: z.uuid() });
