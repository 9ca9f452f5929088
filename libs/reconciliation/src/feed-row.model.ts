import type { Cloud, ReconciliationFeed } from '@bridge/database';

/** One normalized billing-feed row, every value already checked (null = empty). */
export interface FeedRow {
  transactionReferenceId: string;
  billingEventId: string;
  fromAccountId: string | null;
  toAccountId: string | null;
  endUserAccountId: string | null;
  productId: string | null;
  action: string;
  transactionType: string;
  parentBillingEventId: string | null;
  disbursementBillingEventId: string | null;
  /** Integer minor units, as decimal digits (no float). */
  amountMinor: string;
  currency: string;
  balanceImpacting: boolean;
  invoiceDate: string | null;
  paymentDueDate: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  invoiceId: string | null;
  bankTraceId: string | null;
  /** The agreement the event belongs to (AWS: agreement_id; Azure: the SaaS subscription). */
  agreementId: string | null;
}

/**
 * A feed's layout: its header, and how one CSV record becomes normalized rows
 * (or a FeedLineError), in code. PostgreSQL checks and stores a file
 * (`*-staged-rows.sql.ts`); the staged-checks integration suites hold that
 * SQL to these rules, line case by line case.
 */
export interface FeedLayout {
  feed: ReconciliationFeed;
  cloud: Cloud;
  columns: readonly string[];
  /** `at` maps a column name to its position in this file's header. */
  toRows(record: string[], at: Readonly<Record<string, number>>, line: number): FeedRow[];
}
