import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';
import type { MdfOutcomeEvent } from '@bridge/domain';

/** Which partners' events, for which customers, from when: what the activities being reported could be credited with. */
export interface OutcomeWindow {
  partnerIds: string[];
  customerIds: string[];
  since: Date;
}

interface OutcomeRow {
  partner_id: string;
  customer_id: string;
  currency: string;
  at: Date;
  amount_minor: bigint;
}

/**
 * What followed MDF activities, read from the deal registrations and the
 * credit ledger; libs/domain's attributeMdfOutcomes decides which activity
 * each is counted for. Registrations count unless rejected, with their
 * estimated value (pipeline). Credits leave kickers out (they are payout, not
 * revenue; as in PAR/PIR). A credit's customer is its agreement's, or for a
 * reported revenue event, the customer whose cloud account bought.
 */
@Injectable()
export class MdfRoiRepository {
  constructor(private readonly prisma: PrismaService) {}

  async credits(window: OutcomeWindow): Promise<MdfOutcomeEvent[]> {
    if (window.partnerIds.length === 0 || window.customerIds.length === 0) return [];
    const rows = await this.prisma.$queryRaw<OutcomeRow[]>`
      SELECT pc.partner_id::text, COALESCE(a.customer_id, ca.customer_id)::text AS customer_id, pc.currency,
             pc.occurred_at AS at, pc.amount_minor
        FROM partner_credit pc
        LEFT JOIN agreement a ON a.id = pc.agreement_id
        LEFT JOIN revenue_event re ON re.id = pc.revenue_event_id
        LEFT JOIN customer_cloud_account ca ON ca.cloud = re.cloud AND ca.account_id = re.customer_account_id
       WHERE pc.partner_id = ANY (${window.partnerIds}::uuid[]) AND pc.kicker IS NULL AND pc.occurred_at >= ${window.since}
         AND COALESCE(a.customer_id, ca.customer_id) = ANY (${window.customerIds}::uuid[])`;
    return rows.map(toEvent);
  }

  async deals(window: OutcomeWindow): Promise<MdfOutcomeEvent[]> {
    if (window.partnerIds.length === 0 || window.customerIds.length === 0) return [];
    const rows = await this.prisma.$queryRaw<OutcomeRow[]>`
      SELECT partner_id::text, customer_id::text, currency, registered_at AS at, estimated_value_minor AS amount_minor
        FROM deal_registration
       WHERE partner_id = ANY (${window.partnerIds}::uuid[]) AND customer_id = ANY (${window.customerIds}::uuid[])
         AND registered_at >= ${window.since} AND status <> 'REJECTED'`;
    return rows.map(toEvent);
  }
}

const toEvent = (r: OutcomeRow): MdfOutcomeEvent => ({
  partnerId: r.partner_id,
  customerId: r.customer_id,
  currency: r.currency,
  at: r.at,
  amountMinor: r.amount_minor,
});
