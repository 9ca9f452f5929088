import type { CreditSource, Engagement, Prisma } from '@bridge/database';

export interface LedgerCredit {
  creditKey: string;
  partnerId: string;
  /** The revenue event behind the entry, when it came from one. */
  revenueEventId?: string | null;
  source: CreditSource;
  engagement: Engagement;
  ruleId: string;
  kicker: string | null;
  shareBps: number;
  amountMinor: bigint;
  currency: string;
  reason: string;
  occurredAt: Date;
}

/**
 * Appends credit entries in one statement (unnest arrays, however many).
 * An entry whose key is already in the ledger is skipped: a redelivered batch
 * credits nothing more. Answers how many entries were new.
 */
export async function appendCredits(tx: Prisma.TransactionClient, rows: readonly LedgerCredit[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(pick: (r: LedgerCredit) => T) => rows.map(pick);
  return tx.$executeRaw`
    INSERT INTO partner_credit (id, credit_key, partner_id, revenue_event_id, source, engagement, rule_id, kicker, share_bps,
                                amount_minor, currency, reason, occurred_at)
    SELECT gen_random_uuid(), r.credit_key, r.partner_id, r.revenue_event_id, r.source::"CreditSource", r.engagement::"Engagement",
           r.rule_id, r.kicker, r.share_bps, r.amount_minor, r.currency, r.reason, r.occurred_at AT TIME ZONE 'UTC'
    FROM unnest(${col((r) => r.creditKey)}::text[], ${col((r) => r.partnerId)}::uuid[], ${col((r) => r.revenueEventId ?? null)}::uuid[],
                ${col((r) => r.source)}::text[], ${col((r) => r.engagement)}::text[], ${col((r) => r.ruleId)}::text[],
                ${col((r) => r.kicker)}::text[], ${col((r) => r.shareBps)}::int[], ${col((r) => r.amountMinor.toString())}::bigint[],
                ${col((r) => r.currency)}::text[], ${col((r) => r.reason)}::text[], ${col((r) => r.occurredAt.toISOString())}::timestamptz[])
      AS r(credit_key, partner_id, revenue_event_id, source, engagement, rule_id, kicker, share_bps, amount_minor, currency, reason, occurred_at)
    ON CONFLICT (credit_key) DO NOTHING`;
}
