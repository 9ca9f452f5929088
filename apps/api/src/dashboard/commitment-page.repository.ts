import { Injectable } from '@nestjs/common';
import type { Cloud, Commitment, CommitmentKind } from '@bridge/database';
import { PgPool } from '@bridge/postgres';

/** A commitment as its burn-down page shows it. */
export type CommitmentOfPage = Pick<
  Commitment,
  'id' | 'customerId' | 'cloud' | 'kind' | 'totalMinor' | 'currency' | 'startsAt' | 'endsAt' | 'marketplaceCapBps'
>;

/** A drawdown with the name of the partner credited for it (its id when the partner has no row, null for direct). */
export interface DrawdownOfPage {
  id: string;
  invoiceDate: Date;
  eligibleMinor: bigint;
  drawnMinor: bigint;
  reason: string;
  partnerId: string | null;
  partnerName: string | null;
}

type Row = {
  id: string;
  customer_id: string;
  customer_name: string | null;
  cloud: Cloud;
  kind: CommitmentKind;
  total_minor: string;
  currency: string;
  starts_at: Date;
  ends_at: Date;
  marketplace_cap_bps: number;
  d_id: string | null;
  d_invoice_date: Date | null;
  d_eligible_minor: string | null;
  d_drawn_minor: string | null;
  d_reason: string | null;
  d_partner_id: string | null;
  d_partner_name: string | null;
};

/**
 * A burn-down page's reads in one statement on the pg pool (no query engine
 * between): the commitment, its customer's name and every drawdown (by the
 * (commitment, invoice date) index) with its partner's name, one row per
 * drawdown. Named, so each connection plans it once. The timestamp columns
 * hold UTC: read AT TIME ZONE 'UTC', whatever the process's zone.
 */
const PAGE_SQL = `
  SELECT m.id, m.customer_id, cu.name AS customer_name, m.cloud::text AS cloud, m.kind::text AS kind, m.total_minor::text AS total_minor,
         m.currency, m.starts_at AT TIME ZONE 'UTC' AS starts_at, m.ends_at AT TIME ZONE 'UTC' AS ends_at, m.marketplace_cap_bps,
         d.id AS d_id, d.invoice_date AT TIME ZONE 'UTC' AS d_invoice_date, d.eligible_minor::text AS d_eligible_minor,
         d.drawn_minor::text AS d_drawn_minor, d.reason AS d_reason, d.partner_id AS d_partner_id, p.name AS d_partner_name
    FROM commitment m
    LEFT JOIN customer cu ON cu.id = m.customer_id
    LEFT JOIN commitment_drawdown d ON d.commitment_id = m.id
    LEFT JOIN partner p ON p.id = d.partner_id
   WHERE m.id = $1::uuid
   ORDER BY d.invoice_date, d.created_at`;

@Injectable()
export class CommitmentPageRepository {
  constructor(private readonly pg: PgPool) {}

  /** The commitment, its customer's name (its id when the customer has no row) and its drawdowns oldest first; null when there is none. */
  async page(id: string): Promise<{ commitment: CommitmentOfPage; customerName: string; drawdowns: DrawdownOfPage[] } | null> {
    const { rows } = await this.pg.pool.query<Row>({ name: 'dashboard-commitment-page', text: PAGE_SQL, values: [id] });
    const [first] = rows;
    if (!first) return null;
    const commitment: CommitmentOfPage = {
      id: first.id,
      customerId: first.customer_id,
      cloud: first.cloud,
      kind: first.kind,
      totalMinor: BigInt(first.total_minor),
      currency: first.currency,
      startsAt: first.starts_at,
      endsAt: first.ends_at,
      marketplaceCapBps: first.marketplace_cap_bps,
    };
    const drawdowns: DrawdownOfPage[] = [];
    for (const r of rows) {
      if (r.d_id === null) continue; // the commitment's one row when it has no drawdown
      drawdowns.push({
        id: r.d_id,
        invoiceDate: r.d_invoice_date!,
        eligibleMinor: BigInt(r.d_eligible_minor!),
        drawnMinor: BigInt(r.d_drawn_minor!),
        reason: r.d_reason!,
        partnerId: r.d_partner_id,
        partnerName: r.d_partner_id === null ? null : (r.d_partner_name ?? r.d_partner_id),
      });
    }
    return { commitment, customerName: first.customer_name ?? first.customer_id, drawdowns };
  }
}
