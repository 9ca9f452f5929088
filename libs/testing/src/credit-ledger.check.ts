import { queryDatabase } from './database-cleaner';

/**
 * What a workload expects the credit ledger to hold, worked out from what
 * it set up (registrations, resellers, prices), never from the product's
 * own decisions: subject (revenue event id or marketplace agreement id) →
 * partner AWS account → split credit in minor units. A subject with no
 * partners expects nothing to be credited (direct sales keep it). Kickers,
 * paid on top of the split, are judged apart: one ExpectedCredits for the
 * split, another for the kicker lines (checkCreditsPerPartner's `lines`).
 */
export class ExpectedCredits {
  private readonly bySubject = new Map<string, Map<string, bigint>>();

  /** Records that `subject` must credit `amountMinor` to `partnerAccount`, or nobody when it is null. */
  expect(subject: string, partnerAccount: string | null, amountMinor: bigint): void {
    const partners = this.bySubject.get(subject) ?? new Map<string, bigint>();
    this.bySubject.set(subject, partners);
    if (partnerAccount !== null) partners.set(partnerAccount, (partners.get(partnerAccount) ?? 0n) + amountMinor);
  }

  /** The partners a subject is expected to credit (empty when nobody); undefined for a subject never expected. */
  of(subject: string): ReadonlyMap<string, bigint> | undefined {
    return this.bySubject.get(subject);
  }

  get size(): number {
    return this.bySubject.size;
  }

  subjects(): IterableIterator<string> {
    return this.bySubject.keys();
  }
}

export interface CreditCheck {
  /** Subjects the workload sent (and expects judged). */
  expected: number;
  /** Subjects the product stored. */
  stored: number;
  /** Sent but never stored. */
  missing: number;
  /** Stored but never sent. */
  unexpected: number;
  /** Subjects where an expected partner got less than its due. */
  lost: number;
  /** Subjects where an expected partner got more than its due, or a line was written twice. */
  duplicated: number;
  /** Subjects that credited a partner who should have had nothing of them. */
  misattributed: number;
  /** A few of the wrong subjects, for the log. */
  examples: string[];
}

/**
 * Where each kind of subject is stored and how its credit lines reach it. A
 * revenue event is credited once per partner and rule, so a repeated line is
 * a double credit; an agreement may gain correcting lines as it converges,
 * so only its sums are judged.
 */
const SUBJECTS = {
  revenue: { table: 'revenue_event', subject: 'external_id', link: 'revenue_event_id', oneLinePerRule: true },
  agreement: { table: 'agreement', subject: 'marketplace_agreement_id', link: 'agreement_id', oneLinePerRule: false },
} as const;

/**
 * Compares the ledger with `expected`, per subject and per partner: every
 * partner's split credit (or, with `lines: 'kickers'`, its kicker lines)
 * must be exactly its due, and nobody else may be credited. A partner without an AWS account is named by its id, so it can
 * never match an expectation by accident.
 */
export async function checkCreditsPerPartner(
  databaseUrl: string,
  kind: keyof typeof SUBJECTS,
  expected: ExpectedCredits,
  lines: 'split' | 'kickers' = 'split',
): Promise<CreditCheck> {
  const { table, subject: column, link, oneLinePerRule } = SUBJECTS[kind];
  const judged = lines === 'split' ? 'c.kicker IS NULL' : 'c.kicker IS NOT NULL';
  const stored = new Set(
    (await queryDatabase<{ subject: string }>(databaseUrl, `SELECT ${column} AS subject FROM ${table}`)).map((r) => r.subject),
  );
  const rows = await queryDatabase<{ subject: string; account: string; credited: string; lines: string; distinct_lines: string }>(
    databaseUrl,
    `SELECT s.${column} AS subject, coalesce(min(pa.account_id), 'partner ' || c.partner_id) AS account,
            coalesce(sum(c.amount_minor) FILTER (WHERE ${judged}), 0)::text AS credited,
            count(*) FILTER (WHERE ${judged}) AS lines, count(DISTINCT c.rule_id) FILTER (WHERE ${judged}) AS distinct_lines
       FROM partner_credit c
       JOIN ${table} s ON s.id = c.${link}
       LEFT JOIN partner_cloud_account pa ON pa.partner_id = c.partner_id AND pa.cloud = 'AWS'
      GROUP BY s.${column}, c.partner_id`,
  );
  const credited = new Map<string, Map<string, { amount: bigint; repeated: boolean }>>();
  for (const row of rows) {
    const partners = credited.get(row.subject) ?? new Map<string, { amount: bigint; repeated: boolean }>();
    credited.set(row.subject, partners);
    partners.set(row.account, { amount: BigInt(row.credited), repeated: oneLinePerRule && row.lines !== row.distinct_lines });
  }
  const result: CreditCheck = {
    expected: expected.size,
    stored: stored.size,
    missing: 0,
    unexpected: 0,
    lost: 0,
    duplicated: 0,
    misattributed: 0,
    examples: [],
  };
  const wrong = (subject: string, what: string) => result.examples.length < 5 && result.examples.push(`${subject}: ${what}`);
  for (const subject of expected.subjects()) {
    if (!stored.has(subject)) {
      result.missing += 1;
      wrong(subject, 'sent, never stored');
      continue;
    }
    const due = expected.of(subject) ?? new Map<string, bigint>();
    const got = credited.get(subject) ?? new Map<string, { amount: bigint; repeated: boolean }>();
    let short = false;
    let over = false;
    let stray = false;
    for (const [account, amount] of due) {
      const have = got.get(account)?.amount ?? 0n;
      // Refunds are negative: what matters is how much of the due was credited.
      if (abs(have) < abs(amount) || (have !== 0n && have < 0n !== amount < 0n)) short = true;
      else if (abs(have) > abs(amount)) over = true;
      if (have !== amount) wrong(subject, `${account} credited ${have}, due ${amount}`);
    }
    for (const [account, line] of got) {
      if (line.repeated) over = true;
      if (!due.has(account) && line.amount !== 0n) {
        stray = true;
        wrong(subject, `${account} credited ${line.amount}, due nothing`);
      }
    }
    result.lost += Number(short);
    result.duplicated += Number(over);
    result.misattributed += Number(stray);
  }
  for (const subject of stored) if (expected.of(subject) === undefined) result.unexpected += 1;
  return result;
}

/** True when the ledger holds exactly what was expected. */
export function creditsExact(check: CreditCheck): boolean {
  return check.missing + check.unexpected + check.lost + check.duplicated + check.misattributed === 0 && check.stored === check.expected;
}

export function describeCreditCheck(check: CreditCheck): string {
  return (
    `${check.expected} sent, ${check.stored} stored, ${check.missing} missing, ${check.unexpected} never sent, ` +
    `${check.lost} credited short, ${check.duplicated} credited over or twice, ${check.misattributed} credited to the wrong partner` +
    (check.examples.length ? ` (e.g. ${check.examples.join('; ')})` : '')
  );
}

const abs = (n: bigint) => (n < 0n ? -n : n);
