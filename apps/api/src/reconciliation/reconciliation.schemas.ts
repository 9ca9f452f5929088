import { z } from 'zod';

export const uploadQuery = z.object({
  feed: z.enum(['aws', 'azure']).describe('aws: AWS billing event data feed; azure: Azure payout report'),
  onMalformed: z
    .enum(['refuse', 'quarantine'])
    .default('refuse')
    .describe('refuse the whole file on a malformed line, or set such lines aside'),
  fileName: z.string().min(1).max(200).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuery>;

export const listQuery = z.object({
  status: z.enum(['MATCHED', 'SHORT_PAID', 'OVER_PAID', 'FEE_MISMATCH', 'REFUND', 'UNMATCHED']).optional(),
  after: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'csv']).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const pageQuery = listQuery.omit({ status: true });
export type PageQuery = z.infer<typeof pageQuery>;

export const periodQuery = z.object({
  period: z.enum(['day', 'month']).default('month'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type PeriodQuery = z.infer<typeof periodQuery>;

export const formatQuery = z.object({ format: z.enum(['json', 'csv']).optional() });
export const cloudParam = z.enum(['aws', 'azure']);
