import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const HEADER =
  'billing_event_id,from_account_id,to_account_id,end_user_account_id,product_id,action,transaction_type,parent_billing_event_id,' +
  'disbursement_billing_event_id,amount,currency,balance_impacting,invoice_date,payment_due_date,usage_period_start_date,' +
  'usage_period_end_date,invoice_id,transaction_reference_id,bank_trace_id\n';
const ITEMS_PER_DISBURSEMENT = 1000;

/** The agreement value of bench item i, in cents: $1,000.00 to $5,990.00. */
export const benchValueMinor = (i: number) => 100_000 + (i % 500) * 1_000;
/** Items with this remainder have no agreement (UNMATCHED). */
export const isOrphan = (i: number) => i % 50 === 33;

const money = (minor: number) => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/**
 * A realistic AWS billing-event feed of exactly `lines` data lines, written as
 * a stream. Per item: the invoice (seller share and fee) first uncollected,
 * then superseded by the same events once collected; tax on half of them;
 * the disbursed rows and, every 1,000 items, the lump-sum DISBURSEMENT row.
 * A mix of variances: 2% short-paid, 2% fee mismatch, 2% refunded, 2% with
 * no agreement, 10% collected but not disbursed yet.
 */
export async function writeBenchFeed(path: string, lines: number, prefix: string): Promise<{ items: number }> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let written = 0;
  let buffer = HEADER;
  let item = 0;
  let lumpMinor = 0;
  const row = (cells: (string | number)[]) => {
    if (written >= lines) return;
    buffer += cells.join(',') + '\n';
    written += 1;
  };
  while (written < lines) {
    const i = item++;
    const ref = `${prefix}-agmt-${i}`;
    const buyer = String(100_000_000_000 + (i % 900_000));
    const disb = `${prefix}-disb-${Math.floor(i / ITEMS_PER_DISBURSEMENT)}`;
    const gross = benchValueMinor(i);
    const fee = -(i % 50 === 13 ? Math.round(gross * 0.035) : Math.round(gross * 0.03));
    const common = (id: string, action: string, type: string, parent: string, d: string, amount: number, bi: number, date: string, trace = '') =>
      row([id, buyer, '123456789012', buyer, 'prod-bench', action, type, parent, d, money(amount), 'USD', bi, date, '2026-11-30', '2026-10-01', '2026-10-31', `inv-${prefix}-${i}`, ref, trace]);
    common(`${ref}-s`, 'INVOICED', 'SELLER_REV_SHARE', '', '', gross, 0, '2026-10-01');
    common(`${ref}-f`, 'INVOICED', 'AWS_REV_SHARE', '', '', fee, 0, '2026-10-01');
    if (i % 2 === 0) common(`${ref}-t`, 'INVOICED', 'SELLER_TAX_SHARE', '', '', Math.round(gross * 0.08), 0, '2026-10-01');
    common(`${ref}-s`, 'INVOICED', 'SELLER_REV_SHARE', '', '', gross, 1, '2026-10-01');
    common(`${ref}-f`, 'INVOICED', 'AWS_REV_SHARE', '', '', fee, 1, '2026-10-01');
    let refund = 0;
    if (i % 50 === 21) {
      refund = -Math.round(gross / 2);
      common(`${ref}-rs`, 'INVOICED', 'SELLER_REV_SHARE_REFUND', '', '', refund, 1, '2026-10-15');
      common(`${ref}-rf`, 'INVOICED', 'AWS_REV_SHARE_REFUND', '', '', -Math.round(fee / 2), 1, '2026-10-15');
      refund -= Math.round(fee / 2);
    }
    if (i % 10 !== 9) {
      const short = i % 50 === 7 ? -5_000 : 0;
      common(`${ref}-ds`, 'DISBURSED', 'SELLER_REV_SHARE', `${ref}-s`, disb, gross + refund + short, 1, '2026-11-05', disb);
      common(`${ref}-df`, 'DISBURSED', 'AWS_REV_SHARE', `${ref}-f`, disb, fee, 1, '2026-11-05', disb);
      lumpMinor += gross + refund + short + fee;
    }
    if (i % ITEMS_PER_DISBURSEMENT === ITEMS_PER_DISBURSEMENT - 1) {
      row([disb, '', '', '', '', 'DISBURSED', 'DISBURSEMENT', '', '', money(-lumpMinor), 'USD', 1, '2026-11-05', '', '', '', '', '', disb]);
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
  return { items: item };
}
