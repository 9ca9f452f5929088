import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { calendarDay, instant, moneySchema, pageSchema } from '../http/response.schemas';

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

/** A feed import: its progress while the file streams, and what it did. */
export const importView = z.object({
  id: z.uuid(),
  feed: z.enum(['AWS_BILLING_EVENTS', 'AZURE_PAYOUTS']),
  cloud: z.enum(['AWS', 'AZURE']),
  fileName: z.string(),
  origin: z.string(),
  onMalformed: z.enum(['REFUSE', 'QUARANTINE']),
  status: z.enum(['RECEIVING', 'MATCHING', 'COMPLETED', 'REFUSED', 'DUPLICATE', 'FAILED']),
  linesProcessed: z.number().int(),
  rowsImported: z.number().int(),
  rowsQuarantined: z.number().int(),
  rowsSuperseded: z.number().int(),
  itemsMatched: z.number().int(),
  duplicateOf: z.uuid().nullable(),
  contentSha256: z.string().nullable(),
  error: z.object({ message: z.string(), line: z.number().int().nullable(), column: z.string().nullable() }).nullable(),
  createdBy: z.string(),
  createdAt: instant,
  finishedAt: instant.nullable(),
});
export type ImportView = z.output<typeof importView>;
export const importsPage = pageSchema('imports', importView);
/** An import with (up to 1,000 of) the lines it set aside. */
export const importDetailView = importView.extend({
  quarantined: z.array(
    z.object({ line: z.number().int(), column: z.string(), reason: z.string(), raw: z.string(), rawLength: z.number().int() }),
  ),
});

const itemStatus = z.enum(['MATCHED', 'SHORT_PAID', 'OVER_PAID', 'FEE_MISMATCH', 'REFUND', 'UNMATCHED']);

/** One reconciliation item (a transaction reference) as the views list it. */
export const itemRowView = z.object({
  cloud: z.string(),
  transactionReferenceId: z.string(),
  agreementId: z.string().nullable(),
  buyerAccountId: z.string().nullable(),
  productId: z.string().nullable(),
  invoiceDate: calendarDay.nullable(),
  status: z.string(),
  amount: moneySchema,
  variance: moneySchema,
  explanation: z.string(),
});
export type ItemRowView = z.output<typeof itemRowView>;
export const itemsPage = pageSchema('items', itemRowView, { view: z.enum(['items', 'invoiced-not-collected', 'collected-not-disbursed']) });

/** An agreement with a value that no billing feed row has reached yet. */
export const uninvoicedView = z.object({
  cloud: z.string(),
  agreementId: z.string(),
  buyerAccountId: z.string().nullable(),
  productId: z.string().nullable(),
  agreementStatus: z.string(),
  acceptedOn: calendarDay,
  value: moneySchema,
});
export type UninvoicedView = z.output<typeof uninvoicedView>;
export const uninvoicedPage = pageSchema('agreements', uninvoicedView, { view: z.literal('sold-not-invoiced') });

/** One item: what was expected, invoiced, collected and disbursed, and the variance. */
export const itemDetailView = z.object({
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  transactionReferenceId: z.string(),
  agreementId: z.string().nullable(),
  matchedBy: z.string().nullable(),
  status: itemStatus,
  explanation: z.string(),
  feeBps: z.number().int(),
  feeReason: z.string(),
  expectedGross: moneySchema,
  expectedNet: moneySchema,
  invoicedGross: moneySchema,
  fee: moneySchema,
  refunds: moneySchema,
  tax: moneySchema,
  uncollected: moneySchema,
  collectedNet: moneySchema,
  disbursed: moneySchema,
  variance: moneySchema,
  rows: z.number().int(),
  supersededRows: z.number().int(),
});

/** Disbursed per period and cloud: the stated lump sums beside the sum of the items they pay. */
export const disbursedPerPeriodView = z.object({
  period: z.enum(['day', 'month']),
  periods: z.array(
    z.object({
      period: z.string(),
      cloud: z.string(),
      disbursements: z.number().int(),
      amount: moneySchema,
      itemsAmount: moneySchema,
      currency: z.string(),
    }),
  ),
});

/** A lump sum broken into the items it pays. */
export const disbursementView = z.object({
  disbursementId: z.string(),
  cloud: z.string(),
  disbursedOn: calendarDay.nullable(),
  bankTraceId: z.string().nullable(),
  amount: moneySchema,
  itemsTotal: moneySchema,
  unexplained: moneySchema,
  items: z.array(
    z.object({
      transactionReferenceId: z.string(),
      agreementId: z.string().nullable(),
      status: z.string(),
      net: moneySchema,
      gross: moneySchema,
      fee: moneySchema,
      explanation: z.string(),
    }),
  ),
});

/** Net revenue per partner: each credit scaled to what the marketplace paid out for its agreement. */
export const partnerRevenueView = z.object({
  partners: z.array(
    z.object({ partnerId: z.uuid(), partnerName: z.string(), credited: moneySchema, received: moneySchema, difference: moneySchema }),
  ),
});

const noteState = z.enum(['OPEN', 'EXPLAINED', 'RESOLVED']);
export const varianceNoteView = z.object({ id: z.uuid(), state: noteState, note: z.string(), by: z.string(), at: instant });
export const varianceNotesView = z.object({ notes: z.array(varianceNoteView) });
/** Every item with a variance and its state; pass `next` as `after` for the next page (null on the last). */
export const variancesView = z.object({
  variances: z.array(
    z.object({
      cloud: z.enum(['AWS', 'AZURE', 'GCP']),
      transactionReferenceId: z.string(),
      status: z.string(),
      variance: moneySchema,
      explanation: z.string(),
      state: noteState,
      lastNote: z.object({ note: z.string(), by: z.string().nullable(), at: instant.nullable() }).nullable(),
    }),
  ),
  next: z.string().nullable(),
});

/** A data-feed object of the seller's bucket: how far it is imported, and why it was set aside if it was. */
export const feedObjectView = z.object({
  bucket: z.string(),
  key: z.string(),
  feed: z.string(),
  /** Bytes of the object imported so far. */
  importedBytes: z.string().regex(/^\d+$/),
  etag: z.string().nullable(),
  lastImportId: z.uuid().nullable(),
  problem: z.object({ reason: z.string(), at: instant.nullable() }).nullable(),
  updatedAt: instant,
});
export const feedObjectsPage = pageSchema('objects', feedObjectView);
