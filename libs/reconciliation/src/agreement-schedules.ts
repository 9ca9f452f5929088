import type pg from 'pg';
import { agreementSchedule, scheduleBasis } from '@bridge/domain';
import { CREATE_SCHEDULES, INSERT_SCHEDULES } from './item-verdict.sql';

interface ScheduledAgreement {
  id: string;
  marketplaceAgreementId: string;
  currency: string;
  valueMinor: string;
  paymentSchedule: string;
}

/**
 * Reads the payment schedules of the agreements a verdict query is about to
 * judge (`query`, with its `values`: rows as scheduledAgreements gives them)
 * with the domain's own rule, once per agreement, and puts what each has made
 * due by `asOf`, with its words or why it cannot be read, into
 * recon_schedule for the verdict query to join. A schedule is a few
 * instalments of JSON and few agreements have one: reading it here keeps one
 * reader of it, the domain's, and costs nothing per item.
 */
export async function loadAgreementSchedules(db: pg.PoolClient, query: string, values: unknown[], asOf: string): Promise<void> {
  await db.query(CREATE_SCHEDULES);
  const { rows } = await db.query<ScheduledAgreement>(query, values);
  if (rows.length === 0) return;
  const read = rows.map((row) => readOne(row, asOf));
  const column = <T>(pick: (one: (typeof read)[number]) => T) => read.map(pick);
  await db.query(`${INSERT_SCHEDULES} ON CONFLICT DO NOTHING`, [
    rows.map((r) => r.id),
    column((r) => r.error),
    column((r) => r.due?.dueMinor.toString() ?? null),
    column((r) => r.due?.totalMinor.toString() ?? null),
    column((r) => r.due?.nextChargeDate ?? null),
    column((r) => r.words),
  ]);
}

function readOne(row: ScheduledAgreement, asOf: string) {
  const agreement = { ...row, valueMinor: BigInt(row.valueMinor) };
  const read = agreementSchedule(agreement, asOf);
  if ('error' in read) return { error: read.error, due: null, words: null };
  return { error: null, due: read.due, words: read.due ? scheduleBasis(read.due, asOf, agreement) : null };
}
