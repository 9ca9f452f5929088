import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';

export interface MdfActivityOutcome {
  request_id: string;
  deals: number;
  pipeline_minor: bigint;
  credited_minor: bigint;
}

/**
 * What followed each activity, read from the deal registrations and the
 * credit ledger: the partner's registrations for the activity's target
 * customers made on or after its start (not rejected), their estimated value
 * (pipeline), and the partner's credit for those customers on or after its
 * start, kickers left out (they are payout, not revenue; as in PAR/PIR).
 * A credit's customer is its agreement's, or for a reported revenue event,
 * the customer whose cloud account bought. Only amounts in the activity's
 * currency count.
 */
@Injectable()
export class MdfRoiRepository {
  constructor(private readonly prisma: PrismaService) {}

  outcomes(requestIds: string[]): Promise<MdfActivityOutcome[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.prisma.$queryRaw<MdfActivityOutcome[]>`
      SELECT r.id::text AS request_id,
             COALESCE(d.deals, 0)::int AS deals,
             COALESCE(d.pipeline, 0)::bigint AS pipeline_minor,
             COALESCE(c.credited, 0)::bigint AS credited_minor
        FROM mdf_request r
        LEFT JOIN LATERAL (
          SELECT count(*) AS deals, SUM(dr.estimated_value_minor) AS pipeline
            FROM deal_registration dr
           WHERE dr.partner_id = r.partner_id AND dr.customer_id = ANY (r.target_customer_ids)
             AND dr.registered_at >= r.starts_at AND dr.status <> 'REJECTED' AND dr.currency = r.currency
        ) d ON true
        LEFT JOIN LATERAL (
          SELECT SUM(pc.amount_minor) AS credited
            FROM partner_credit pc
            LEFT JOIN agreement a ON a.id = pc.agreement_id
            LEFT JOIN revenue_event re ON re.id = pc.revenue_event_id
            LEFT JOIN customer_cloud_account ca ON ca.cloud = re.cloud AND ca.account_id = re.customer_account_id
           WHERE pc.partner_id = r.partner_id AND pc.kicker IS NULL AND pc.currency = r.currency
             AND pc.occurred_at >= r.starts_at
             AND COALESCE(a.customer_id, ca.customer_id) = ANY (r.target_customer_ids)
        ) c ON true
       WHERE r.id = ANY (${requestIds}::uuid[])`;
  }
}
