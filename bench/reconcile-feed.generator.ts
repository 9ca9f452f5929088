import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import pg from 'pg';
import type { ReconciliationStatus } from '@bridge/domain';

/** The billing event data feed's columns the product reads, agreement_id among them (data-feed-billing-event.html and its example queries). */
const HEADER =
  'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,' +
  'disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,' +
  'usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id,agreement_id\n';
/** The generated feed's header columns, in file order. */
export const BENCH_FEED_HEADER: readonly string[] = HEADER.trim().split(',');
const ITEMS_PER_DISBURSEMENT = 1000;

/** The agreement value of bench item i, in cents: $1,000.00 to $5,990.00. */
export const benchValueMinor = (i: number) => 100_000 + (i % 500) * 1_000;
/** Items with this remainder have no agreement (UNMATCHED). */
export const isOrphan = (i: number) => i % 50 === 33;

/**
 * The verdict the reconciliation must reach for bench item i, from the
 * variance this generator put into it (see writeBenchFeed), not from the
 * product's rules: no agreement, refunded, fee at 3.5% instead of 3%, 50.00
 * short or not disbursed yet, else paid as expected.
 */
export function benchVerdict(i: number): ReconciliationStatus {
  if (isOrphan(i)) return 'UNMATCHED';
  if (i % 50 === 21) return 'REFUND';
  if (i % 50 === 13) return 'FEE_MISMATCH';
  if (i % 50 === 7 || i % 10 === 9) return 'SHORT_PAID';
  return 'MATCHED';
}

export interface BenchFeed {
  /** Items with at least one row in the feed. */
  items: number;
  /** Expected verdict counts of the items whose rows are all in the feed. */
  verdicts: Partial<Record<ReconciliationStatus, number>>;
  /** The transaction_reference_id of the last item when the line limit cut its rows short (its verdict depends on where), else null. */
  cutShort: string | null;
}

/** The agreements bench items [from, to) were bought under, as the attribution bridge would have stored them (orphans have none). */
export async function seedBenchAgreements(databaseUrl: string, prefix: string, from: number, to: number): Promise<void> {
  const items = Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k).filter((i) => !isOrphan(i));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                              intent, status, value_minor, currency, accepted_at, updated_at)
       SELECT gen_random_uuid(), 'AWS', $1 || '-agmt-' || i, 'offer-' || i, 'prod-bench', (100000000000 + i % 900000)::text, '123456789012',
              'NEW', 'ACTIVE', value_minor, 'USD', now(), now()
         FROM unnest($2::int[], $3::bigint[]) AS item(i, value_minor)`,
      [prefix, items, items.map(benchValueMinor)],
    );
  } finally {
    await client.end();
  }
}

/**
 * Checks the product's verdict on every complete item of `prefix` against
 * benchVerdict, item by item (so two wrong verdicts cannot cancel out in the
 * counts), and the counts against the mix the generator wrote. Throws on any
 * difference; returns the counts.
 */
export async function assertBenchVerdicts(databaseUrl: string, prefix: string, feed: BenchFeed): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: { ref: string; status: ReconciliationStatus }[];
  try {
    ({ rows } = await client.query<{ ref: string; status: ReconciliationStatus }>(
      `SELECT transaction_reference_id AS ref, status FROM reconciliation_item WHERE transaction_reference_id LIKE $1 || '-txn-%'`,
      [prefix],
    ));
  } finally {
    await client.end();
  }
  const got: Record<string, number> = {};
  const judged = new Set<number>();
  const wrong: string[] = [];
  for (const { ref, status } of rows) {
    if (ref === feed.cutShort) continue;
    const i = Number(ref.slice(`${prefix}-txn-`.length));
    judged.add(i);
    got[status] = (got[status] ?? 0) + 1;
    if (status !== benchVerdict(i)) wrong.push(`${ref} ${status}, expected ${benchVerdict(i)}`);
  }
  const complete = feed.cutShort === null ? feed.items : feed.items - 1;
  for (let i = 0; i < complete; i++) if (!judged.has(i)) wrong.push(`${prefix}-txn-${i} has no verdict, expected ${benchVerdict(i)}`);
  for (const status of new Set([...Object.keys(got), ...Object.keys(feed.verdicts)])) {
    const expected = feed.verdicts[status as ReconciliationStatus] ?? 0;
    if ((got[status] ?? 0) !== expected) wrong.push(`${got[status] ?? 0} ${status}, the feed has ${expected}`);
  }
  if (wrong.length) throw new Error(`${wrong.length} verdicts of ${prefix} differ from the feed's, e.g. ${wrong.slice(0, 5).join('; ')}`);
  return got;
}

const money = (minor: number) =>
  `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/**
 * A realistic AWS billing event feed of exactly `lines` data lines, written
 * as a stream, in the terms AWS documents (data-feed-billing-event.html):
 * every event once (billing event data is immutable); per item, the
 * invoice (seller share, negative listing fee, the seller's tax share on
 * half of them, all counting toward the seller's balance), then the
 * DISBURSED rows that pay it, each negating the row it pays, and every
 * 1,000 items the positive lump-sum DISBURSEMENT row. Each item names its
 * agreement in agreement_id and has a transaction_reference_id of its own.
 * A mix of variances: 2% short-paid, 2% fee mismatch, 2% refunded, 2% with
 * no agreement, 10% not disbursed yet. The file for more lines starts with
 * the file for fewer, byte for byte: the month's file, appended to daily.
 */
export async function writeBenchFeed(path: string, lines: number, prefix: string): Promise<BenchFeed> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const verdicts: BenchFeed['verdicts'] = {};
  let cutShort: string | null = null;
  let written = 0;
  let dropped = 0;
  let buffer = HEADER;
  let item = 0;
  let lumpMinor = 0;
  const row = (cells: (string | number)[]) => {
    if (written >= lines) {
      dropped += 1;
      return;
    }
    buffer += cells.join(',') + '\n';
    written += 1;
  };
  while (written < lines) {
    const i = item++;
    const ref = `${prefix}-txn-${i}`;
    const agreement = `${prefix}-agmt-${i}`;
    const buyer = String(100_000_000_000 + (i % 900_000));
    const disb = `${prefix}-disb-${Math.floor(i / ITEMS_PER_DISBURSEMENT)}`;
    const gross = benchValueMinor(i);
    const fee = -(i % 50 === 13 ? Math.round(gross * 0.035) : Math.round(gross * 0.03));
    const event = (id: string, action: string, type: string, parent: string, d: string, amount: number, date: string, trace = '') =>
      row([
        id,
        buyer,
        type.startsWith('AWS_') ? 'AWS' : '123456789012',
        buyer,
        'prod-bench',
        action,
        type,
        parent,
        d,
        money(amount),
        'USD',
        1,
        date,
        action === 'INVOICED' ? '2026-11-30' : '',
        '2026-10-01',
        '2026-10-31',
        `inv-${prefix}-${i}`,
        ref,
        trace,
        isOrphan(i) ? `${prefix}-unknown-${i}` : agreement,
      ]);
    const tax = i % 2 === 0 ? Math.round(gross * 0.08) : 0;
    event(`${ref}-s`, 'INVOICED', 'SELLER_REV_SHARE', '', '', gross, '2026-10-01');
    event(`${ref}-f`, 'INVOICED', 'AWS_REV_SHARE', '', '', fee, '2026-10-01');
    if (tax) event(`${ref}-t`, 'INVOICED', 'SELLER_TAX_SHARE', '', '', tax, '2026-10-01');
    const refunded = i % 50 === 21;
    const refundSeller = refunded ? -Math.round(gross / 2) : 0;
    const refundFee = refunded ? -Math.round(fee / 2) : 0;
    if (refunded) {
      event(`${ref}-rs`, 'INVOICED', 'SELLER_REV_SHARE_REFUND', '', '', refundSeller, '2026-10-15');
      event(`${ref}-rf`, 'INVOICED', 'AWS_REV_SHARE_REFUND', '', '', refundFee, '2026-10-15');
    }
    if (i % 10 !== 9) {
      const short = i % 50 === 7 ? -5_000 : 0;
      // Each paid with a DISBURSED row that negates it (a short payment negates part of the seller share).
      const paid = (id: string, type: string, parent: string, amount: number) => {
        event(id, 'DISBURSED', type, parent, disb, -amount, '2026-11-05', disb);
        lumpMinor += amount;
      };
      paid(`${ref}-ds`, 'SELLER_REV_SHARE', `${ref}-s`, gross + short);
      paid(`${ref}-df`, 'AWS_REV_SHARE', `${ref}-f`, fee);
      if (tax) paid(`${ref}-dt`, 'SELLER_TAX_SHARE', `${ref}-t`, tax);
      if (refunded) {
        paid(`${ref}-drs`, 'SELLER_REV_SHARE_REFUND', `${ref}-rs`, refundSeller);
        paid(`${ref}-drf`, 'AWS_REV_SHARE_REFUND', `${ref}-rf`, refundFee);
      }
    }
    // Counted before the lump-sum row, which belongs to the disbursement, not to the item.
    if (dropped === 0) verdicts[benchVerdict(i)] = (verdicts[benchVerdict(i)] ?? 0) + 1;
    else cutShort = ref;
    if (i % ITEMS_PER_DISBURSEMENT === ITEMS_PER_DISBURSEMENT - 1) {
      row([
        disb,
        'AWS',
        '123456789012',
        '',
        '',
        'DISBURSED',
        'DISBURSEMENT',
        '',
        '',
        money(lumpMinor),
        'USD',
        1,
        '2026-11-05',
        '',
        '',
        '',
        '',
        '',
        disb,
        '',
      ]);
      lumpMinor = 0;
    }
    if (buffer.length > 1 << 16) {
      const flowing = out.write(buffer);
      buffer = '';
      if (!flowing) await once(out, 'drain');
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { items: item, verdicts, cutShort };
}
