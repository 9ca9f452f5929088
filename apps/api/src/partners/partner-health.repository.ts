import { Injectable } from '@nestjs/common';
import { PrismaService, type CertificationKind, type DealStatus, type Engagement, type PartnerPersona } from '@bridge/database';
import { PgPool } from '@bridge/postgres';
import { trailingYearSpan } from '@bridge/domain';

/** What partner health reads: the ledger, registrations, certifications and competencies of one partner. */
@Injectable()
export class PartnerHealthRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPool,
  ) {}

  /**
   * Everything health reads, in one statement on the pg pool (no row when
   * there is no such partner). Revenue comes from the monthly credit rollup
   * (kept in step with the ledger by its triggers) and the deltas not yet
   * folded into it, as partner_credit_month_live reads them, summed once per
   * month, currency and engagement rather than through the view's finer
   * grouping. The trailing year's PAR is the rollup's whole months and
   * the ledger's lines of the two part months at its ends (the partner's
   * (partner, occurred_at) index), and a registration's win is looked up only
   * for the customers the partner registered: none of them reads more lines
   * as the partner's history grows. Instants leave as UTC text and amounts
   * as text, so none is read in the server's time zone or as a float.
   */
  async facts(partnerId: string, asOf: Date) {
    const span = trailingYearSpan(asOf);
    // Named, so each connection parses it once and keeps its plan.
    const { rows } = await this.pg.pool.query<HealthFactsRow>({
      name: 'partner-health-facts',
      text: HEALTH_FACTS_SQL,
      values: [partnerId, iso(span.wholeMonthsFrom), iso(span.wholeMonthsTo), iso(span.after), iso(span.upTo)],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      partner: { id: row.id, name: row.name, tier: row.tier, persona: row.persona },
      months: row.months.map((m) => ({ ...m, month: new Date(m.month), amountMinor: BigInt(m.amountMinor) })),
      trailingParMinor: BigInt(row.trailing_par_minor),
      registrations: row.registrations.map((r) => ({ ...r, registeredAt: new Date(r.registeredAt), expiresAt: new Date(r.expiresAt) })),
      certifications: row.certifications.map((c) => ({ kind: c.kind, expiresAt: new Date(c.expiresAt) })),
      competencies: row.competencies,
      firstCreditPerCustomer: row.first_credits.map((f) => ({ customerId: f.customerId, firstAt: new Date(f.firstAt) })),
    };
  }

  addCertification(partnerId: string, input: { kind: CertificationKind; name: string; expiresAt: Date }) {
    return this.prisma.partnerCertification.create({ data: { partnerId, ...input } });
  }

  addCompetency(partnerId: string, name: string) {
    return this.prisma.partnerCompetency.upsert({
      where: { partnerId_name: { partnerId, name } },
      create: { partnerId, name },
      update: {},
    });
  }
}

/** Timestamps are bound as UTC text (the columns hold UTC without a zone). */
const iso = (at: Date) => at.toISOString();

/** An instant column as UTC ISO 8601 text (the columns hold UTC without a zone). */
const utc = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** $1 the partner; $2, $3 the whole months of the trailing year; $4, $5 its ends (see trailingYearSpan). */
const HEALTH_FACTS_SQL = `
  SELECT p.id, p.name, p.tier, p.persona::text AS persona,
         (SELECT COALESCE(json_agg(json_build_object('month', m.month, 'currency', m.currency, 'engagement', m.engagement,
                                                     'amountMinor', m.amount_minor::text)), '[]')
            FROM (SELECT month, currency, engagement::text AS engagement, sum(amount_minor) AS amount_minor
                    FROM (SELECT month, currency, engagement, amount_minor FROM partner_credit_month
                           WHERE partner_id = p.id AND NOT is_kicker
                          UNION ALL
                          SELECT month, currency, engagement, amount_minor FROM partner_credit_rollup_delta
                           WHERE partner_id = p.id AND NOT is_kicker) AS live
                   GROUP BY month, currency, engagement) m) AS months,
         (COALESCE((SELECT sum(amount_minor) FROM partner_credit_month_live
                     WHERE partner_id = p.id AND month >= $2::date AND month < $3::date
                       AND NOT is_kicker AND engagement = 'SOURCED' AND currency = 'USD'), 0)
          + COALESCE((SELECT sum(amount_minor) FROM partner_credit
                       WHERE partner_id = p.id AND kicker IS NULL AND engagement = 'SOURCED' AND currency = 'USD'
                         AND ((occurred_at > $4::timestamp AND occurred_at < $2::timestamp)
                           OR (occurred_at >= $3::timestamp AND occurred_at <= $5::timestamp))), 0))::text AS trailing_par_minor,
         (SELECT COALESCE(json_agg(json_build_object('id', r.id, 'customerId', r.customer_id, 'status', r.status,
                                                     'registeredAt', ${utc('r.registered_at')}, 'expiresAt', ${utc('r.expires_at')})), '[]')
            FROM deal_registration r WHERE r.partner_id = p.id) AS registrations,
         (SELECT COALESCE(json_agg(json_build_object('kind', c.kind, 'expiresAt', ${utc('c.expires_at')})), '[]')
            FROM partner_certification c WHERE c.partner_id = p.id) AS certifications,
         (SELECT COALESCE(json_agg(c.name), '[]') FROM partner_competency c WHERE c.partner_id = p.id) AS competencies,
         (SELECT COALESCE(json_agg(json_build_object('customerId', f.customer_id, 'firstAt', ${utc('f.first_at')})), '[]')
            FROM (SELECT a.customer_id, min(c.occurred_at) AS first_at
                    FROM agreement a JOIN partner_credit c ON c.agreement_id = a.id
                   WHERE a.customer_id IN (SELECT customer_id FROM deal_registration WHERE partner_id = p.id)
                     AND c.partner_id = p.id AND c.amount_minor > 0
                   GROUP BY a.customer_id) f) AS first_credits
    FROM partner p
   WHERE p.id = $1::uuid`;

/** The row HEALTH_FACTS_SQL answers (JSON parsed by pg; instants and amounts as text). */
interface HealthFactsRow {
  id: string;
  name: string;
  tier: string | null;
  persona: PartnerPersona;
  months: { month: string; currency: string; engagement: Engagement; amountMinor: string }[];
  trailing_par_minor: string;
  registrations: { id: string; customerId: string; status: DealStatus; registeredAt: string; expiresAt: string }[];
  certifications: { kind: CertificationKind; expiresAt: string }[];
  competencies: string[];
  first_credits: { customerId: string; firstAt: string }[];
}
