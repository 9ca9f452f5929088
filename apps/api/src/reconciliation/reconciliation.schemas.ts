import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';

export const uploadQuery = z.object({
  feed: z.enum(['aws', 'azure']).describe('aws: AWS billing event data feed; azure: Azure payout report'),
  onMalformed: z
    .enum(['refuse', 'quarantine'])
    .default('refuse')
    .describe('refuse the whole file on a malformed line, or set such lines aside'),
  fileName: z.string().min(1).max(200).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuery>;

/** Items page by their key, (cloud, transaction reference), which the item table's unique index serves. */
export const ITEMS_ORDER = listOrder('reconciliation-items', [
  { field: 'i.cloud', direction: 'asc', type: 'string' },
  { field: 'i.transaction_reference_id', direction: 'asc', type: 'string' },
]);

export const listQuery = z.object({
  ...pageQueryFields(ITEMS_ORDER),
  status: z.enum(['MATCHED', 'SHORT_PAID', 'OVER_PAID', 'FEE_MISMATCH', 'REFUND', 'UNMATCHED']).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** Agreements page by (cloud, marketplace agreement id), the agreement table's unique key. */
export const UNINVOICED_ORDER = listOrder('sold-not-invoiced', [
  { field: 'a.cloud', direction: 'asc', type: 'string' },
  { field: 'a.marketplace_agreement_id', direction: 'asc', type: 'string' },
]);

export const pageQuery = z.object({ ...pageQueryFields(UNINVOICED_ORDER), format: z.enum(['json', 'csv']).optional() });
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

/** Imports newest first: seq is given in order of creation and unique. */
export const IMPORTS_ORDER = listOrder('reconciliation-imports', [{ field: 'seq', direction: 'desc', type: 'bigint' }]);
export const importsQuery = z.object({ ...pageQueryFields(IMPORTS_ORDER) }).strict();
export type ImportsQuery = z.infer<typeof importsQuery>;

export const FEED_OBJECTS_ORDER = listOrder('reconciliation-feed-objects', [
  { field: 'bucket', direction: 'asc', type: 'string' },
  { field: 'key', direction: 'asc', type: 'string' },
]);
export const feedObjectsQuery = z
  .object({
    ...pageQueryFields(FEED_OBJECTS_ORDER),
    /** true: only the objects set aside, waiting for an operator. */
    problem: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type FeedObjectsQuery = z.infer<typeof feedObjectsQuery>;

export const resumeFeedObjectSchema = z
  .object({
    bucket: z.string().min(1).max(255),
    key: z.string().min(1).max(1024),
    /** Why the imported bytes stand (what was checked): kept in the audit trail. */
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();
export type ResumeFeedObject = z.infer<typeof resumeFeedObjectSchema>;
