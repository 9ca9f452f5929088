import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';
import { keysetSql, listOrder, orderBySql, type KeyValue } from '@bridge/pagination';

/** Partner-led accounts by customer name, then id. */
export const ACCOUNTS_ORDER = listOrder('partner-led-accounts', [
  { field: 'c.name', direction: 'asc', type: 'string' },
  { field: 'c.id', direction: 'asc', type: 'uuid' },
]);

/** (customer_id, partner_id) of every influence: a credit for the customer's purchase, or an approved registration. */
const influenced = Prisma.sql`
  SELECT COALESCE(a.customer_id, ca.customer_id) AS customer_id, pc.partner_id
    FROM partner_credit pc
    LEFT JOIN agreement a ON a.id = pc.agreement_id
    LEFT JOIN revenue_event re ON re.id = pc.revenue_event_id
    LEFT JOIN customer_cloud_account ca ON ca.cloud = re.cloud AND ca.account_id = re.customer_account_id
  UNION
  SELECT customer_id, partner_id FROM deal_registration WHERE status = 'APPROVED'`;

/**
 * What customer success reads about accounts: metered usage (by the cloud
 * account that bought, mapped to its customer), subscriptions, agreements with
 * whether they were renewed, commitments with their drawdowns, and which
 * partners influenced each account (credited for it, or with an approved
 * registration).
 */
@Injectable()
export class AccountFactsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Customers a partner influenced; every partner-led account when partnerId is null. */
  async influencedCustomers(partnerId: string | null): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ customer_id: string }[]>`
      SELECT DISTINCT customer_id::text FROM (${influenced}) influenced
      WHERE customer_id IS NOT NULL AND (${partnerId}::uuid IS NULL OR partner_id = ${partnerId}::uuid)`;
    return rows.map((r) => r.customer_id);
  }

  /** `take` influenced customers after `cursor` in ACCOUNTS_ORDER (by name, then id). */
  async influencedPage(partnerId: string | null, cursor: KeyValue[] | null, take: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id::text FROM customer c
       WHERE c.id IN (SELECT customer_id FROM (${influenced}) influenced
                       WHERE customer_id IS NOT NULL AND (${partnerId}::uuid IS NULL OR partner_id = ${partnerId}::uuid))
         AND ${keysetSql(ACCOUNTS_ORDER.keys, cursor)}
       ${orderBySql(ACCOUNTS_ORDER.keys)}
       LIMIT ${take}`;
    return rows.map((r) => r.id);
  }

  customers(ids: string[]) {
    return this.prisma.customer.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, strategic: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  influencers(ids: string[]) {
    return this.prisma.$queryRaw<{ customer_id: string; partner_id: string; partner_name: string }[]>`
      SELECT DISTINCT i.customer_id::text, p.id::text AS partner_id, p.name AS partner_name FROM (${influenced}
      ) i JOIN partner p ON p.id = i.partner_id
      WHERE i.customer_id = ANY (${ids}::uuid[])
      ORDER BY p.name`;
  }

  usage(ids: string[], since: Date) {
    return this.prisma.$queryRaw<{ customer_id: string; dimension: string; hour: Date; quantity: bigint; value_minor: bigint | null }[]>`
      SELECT ca.customer_id::text, h.dimension, h.hour, h.received_quantity AS quantity, h.value_minor
        FROM usage_hour h
        JOIN metering_subscription s ON s.id = h.subscription_id
        JOIN customer_cloud_account ca ON ca.cloud = s.cloud AND ca.account_id = COALESCE(s.aws_account_id, s.customer_ref)
       WHERE ca.customer_id = ANY (${ids}::uuid[]) AND h.hour > ${since}`;
  }

  subscriptions(ids: string[]) {
    return this.prisma.$queryRaw<{ customer_id: string; id: string; status: string; ending_at: Date | null }[]>`
      SELECT ca.customer_id::text, s.id::text, s.status::text, s.ending_at
        FROM metering_subscription s
        JOIN customer_cloud_account ca ON ca.cloud = s.cloud AND ca.account_id = COALESCE(s.aws_account_id, s.customer_ref)
       WHERE ca.customer_id = ANY (${ids}::uuid[])`;
  }

  /**
   * An agreement counts as renewed when a replacement offer for it was
   * accepted, or the buyer accepted a later agreement for the same product
   * whose intent is RENEW or REPLACE (AWS "Purchase Agreement Created"
   * intents); a second NEW agreement (another workspace) renews nothing.
   */
  agreements(ids: string[]) {
    return this.prisma.$queryRaw<
      {
        customer_id: string;
        id: string;
        marketplace_agreement_id: string;
        product_id: string;
        status: string;
        value_minor: bigint;
        currency: string;
        ends_at: Date | null;
        updated_at: Date;
        renewed: boolean;
      }[]
    >`
      SELECT a.customer_id::text, a.id::text, a.marketplace_agreement_id, a.product_id, a.status, a.value_minor, a.currency, a.ends_at, a.updated_at,
             (EXISTS (SELECT 1 FROM offer o WHERE o.replaces_agreement_id = a.id AND o.state = 'ACCEPTED')
              OR EXISTS (SELECT 1 FROM agreement later
                          WHERE later.customer_id = a.customer_id AND later.product_id = a.product_id AND later.id <> a.id
                            AND later.intent IN ('RENEW', 'REPLACE') AND later.accepted_at > a.accepted_at)) AS renewed
        FROM agreement a
       WHERE a.customer_id = ANY (${ids}::uuid[])
       ORDER BY a.ends_at NULLS LAST`;
  }

  /**
   * For each dimension a live agreement includes, the usage the customer's
   * accounts metered for that dimension within the agreement's term so far
   * (from its start, or acceptance, up to its end): the included quantity is
   * bought for the term, so usage of earlier terms does not count against it.
   */
  includedUsage(ids: string[]) {
    return this.prisma.$queryRaw<
      { customer_id: string; marketplace_agreement_id: string; dimension: string; included: string; used: bigint }[]
    >`
      SELECT a.customer_id::text, a.marketplace_agreement_id, d.key AS dimension, d.value AS included,
             COALESCE((SELECT sum(h.received_quantity)
                         FROM usage_hour h
                         JOIN metering_subscription s ON s.id = h.subscription_id
                         JOIN customer_cloud_account ca ON ca.cloud = s.cloud AND ca.account_id = COALESCE(s.aws_account_id, s.customer_ref)
                        WHERE ca.customer_id = a.customer_id AND ca.cloud = a.cloud AND h.dimension = d.key
                          AND h.hour >= COALESCE(a.starts_at, a.accepted_at) AND (a.ends_at IS NULL OR h.hour < a.ends_at)), 0)::bigint AS used
        FROM agreement a
        CROSS JOIN LATERAL jsonb_each_text(a.included_quantities) d
       WHERE a.customer_id = ANY (${ids}::uuid[]) AND a.status = 'ACTIVE'
       ORDER BY a.marketplace_agreement_id, d.key`;
  }

  commitments(ids: string[]) {
    return this.prisma.commitment.findMany({
      where: { customerId: { in: ids } },
      include: { drawdowns: { select: { invoiceDate: true, drawnMinor: true, partnerId: true } } },
    });
  }
}
