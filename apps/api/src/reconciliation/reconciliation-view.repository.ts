import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';
import { PgPool } from '@bridge/postgres';
import { keysetSql, orderBySql, type KeyValue } from '@bridge/pagination';
import { ITEMS_ORDER, UNINVOICED_ORDER } from './reconciliation.schemas';

export interface ItemRow {
  cloud: string;
  transaction_reference_id: string;
  marketplace_agreement_id: string | null;
  end_user_account_id: string | null;
  product_id: string | null;
  first_invoice_date: Date | null;
  currency: string;
  status: string;
  amount_minor: bigint;
  variance_minor: bigint;
  explanation: string;
}

export interface UninvoicedRow {
  cloud: string;
  marketplace_agreement_id: string;
  acceptor_account_id: string;
  product_id: string;
  status: string;
  value_minor: bigint;
  currency: string;
  accepted_at: Date;
}

/** Agreements that ended before anything was owed (agreement-credit.service's list): nothing is expected to be invoiced for them. */
const ENDED_WITHOUT_VALUE = ['CANCELLED', 'TERMINATED', 'ROLLED_BACK'];

/**
 * The finance views, read from the matched items and disbursements (never
 * from the raw feed, which can hold millions of rows). Lists are keyset
 * paginated by (cloud, transaction reference) through the shared cursor (`@bridge/pagination`).
 */
@Injectable()
export class ReconciliationViewRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPool,
  ) {}

  /**
   * `amount` picks which money column a view is about; the filter which items
   * are in it. The order names the table's own columns (`i.`): a bare `cloud`
   * would sort by the text the SELECT makes of it, which no index serves.
   */
  items(
    view: 'items' | 'invoiced-not-collected' | 'collected-not-disbursed',
    options: { status?: string; cursor: KeyValue[] | null; limit: number },
  ) {
    const amount = {
      items: Prisma.sql`disbursed_minor`,
      'invoiced-not-collected': Prisma.sql`uncollected_minor`,
      'collected-not-disbursed': Prisma.sql`(collected_net_minor - disbursed_minor)`,
    }[view];
    const filter = {
      items: options.status ? Prisma.sql`status = ${options.status}::"ReconciliationStatus"` : Prisma.sql`true`,
      'invoiced-not-collected': Prisma.sql`uncollected_minor <> 0`,
      'collected-not-disbursed': Prisma.sql`collected_net_minor - disbursed_minor > 0`,
    }[view];
    // Straight on the pool (Prisma's raw queries cost far more CPU a page), its text holding only the filter asked
    // for: each connection prepares each view's shape once and keeps its plan.
    return this.pg.prepared<ItemRow>(
      `reconciliation-${view}`,
      Prisma.sql`
      SELECT cloud::text, transaction_reference_id, marketplace_agreement_id, end_user_account_id, product_id, first_invoice_date, currency,
             status::text, ${amount} AS amount_minor, variance_minor, explanation
        FROM reconciliation_item i WHERE ${filter} AND ${keysetSql(ITEMS_ORDER.keys, options.cursor)}
       ${orderBySql(ITEMS_ORDER.keys)} LIMIT ${options.limit}`,
    );
  }

  /**
   * What was sold but never invoiced: agreements with a contract value, not
   * ended without value, that no reconciled item matched (neither by id nor
   * by buyer and product). Oldest acceptance first is left to the caller's
   * sort; pages follow (cloud, agreement id) like the item lists.
   */
  soldNotInvoiced(options: { cursor: KeyValue[] | null; limit: number }) {
    return this.prisma.$queryRaw<UninvoicedRow[]>`
      SELECT a.cloud::text, a.marketplace_agreement_id, a.acceptor_account_id, a.product_id, a.status, a.value_minor, a.currency, a.accepted_at
        FROM agreement a
       WHERE a.value_minor > 0 AND a.status <> ALL (${ENDED_WITHOUT_VALUE}::text[])
         AND NOT EXISTS (SELECT 1 FROM reconciliation_item i WHERE i.agreement_id = a.id)
         AND ${keysetSql(UNINVOICED_ORDER.keys, options.cursor)}
       ${orderBySql(UNINVOICED_ORDER.keys)} LIMIT ${options.limit}`;
  }

  item(cloud: string, reference: string) {
    return this.prisma.reconciliationItem.findUnique({
      where: { cloud_transactionReferenceId: { cloud: cloud as 'AWS', transactionReferenceId: reference } },
    });
  }

  disbursedPerPeriod(period: 'day' | 'month', from: Date | null, to: Date | null) {
    return this.prisma.$queryRaw<
      { period: Date; cloud: string; currency: string; disbursements: number; stated_minor: bigint; items_minor: bigint }[]
    >`
      SELECT date_trunc(${period}, disbursed_on)::date AS period, cloud::text, currency, count(*)::int AS disbursements,
             coalesce(sum(coalesce(stated_minor, items_minor)), 0)::bigint AS stated_minor, coalesce(sum(items_minor), 0)::bigint AS items_minor
        FROM reconciliation_disbursement
       WHERE (${from}::date IS NULL OR disbursed_on >= ${from}::date) AND (${to}::date IS NULL OR disbursed_on < ${to}::date)
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  }

  async disbursement(cloud: string, id: string) {
    const lump = await this.prisma.reconciliationDisbursement.findUnique({
      where: { cloud_disbursementId: { cloud: cloud as 'AWS', disbursementId: id } },
    });
    if (!lump) return null;
    const lines = await this.prisma.$queryRaw<
      {
        transaction_reference_id: string;
        currency: string;
        net_minor: bigint;
        gross_minor: bigint;
        fee_minor: bigint;
        status: string | null;
        marketplace_agreement_id: string | null;
        explanation: string | null;
      }[]
    >`
      SELECT l.transaction_reference_id, l.currency, l.net_minor, l.gross_minor, l.fee_minor, i.status::text, i.marketplace_agreement_id, i.explanation
        FROM reconciliation_disbursement_line l
        LEFT JOIN reconciliation_item i ON i.cloud = l.cloud AND i.transaction_reference_id = l.transaction_reference_id
       WHERE l.cloud = ${cloud}::"Cloud" AND l.disbursement_id = ${id}
       ORDER BY l.transaction_reference_id`;
    return { lump, lines };
  }

  /**
   * Per partner and agreement: what was credited, and the agreement's expected
   * and actually disbursed gross. Both sides are summed per agreement before
   * they meet: an agreement invoiced several times has several items, and
   * joining credits to items row by row would count each credit once per invoice.
   */
  partnerCredits(scope: string | null) {
    return this.prisma.$queryRaw<
      {
        partner_id: string;
        partner_name: string;
        currency: string;
        credited_minor: bigint;
        expected_gross_minor: bigint;
        disbursed_gross_minor: bigint;
      }[]
    >`
      WITH credited AS (
             SELECT c.partner_id, c.agreement_id, c.currency, sum(c.amount_minor)::bigint AS credited_minor
               FROM partner_credit c
              WHERE (${scope}::uuid IS NULL OR c.partner_id = ${scope}::uuid) AND c.agreement_id IS NOT NULL
              GROUP BY c.partner_id, c.agreement_id, c.currency),
           invoiced AS (
             SELECT i.agreement_id, i.currency, sum(i.expected_gross_minor)::bigint AS expected_gross_minor,
                    sum(i.disbursed_gross_minor)::bigint AS disbursed_gross_minor
               FROM reconciliation_item i
              WHERE i.agreement_id IS NOT NULL
              GROUP BY i.agreement_id, i.currency)
      SELECT c.partner_id::text, p.name AS partner_name, c.currency, c.credited_minor, i.expected_gross_minor, i.disbursed_gross_minor
        FROM credited c
        JOIN partner p ON p.id = c.partner_id
        JOIN invoiced i ON i.agreement_id = c.agreement_id AND i.currency = c.currency
       ORDER BY p.name`;
  }
}
