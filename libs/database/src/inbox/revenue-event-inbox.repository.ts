import { Injectable } from '@nestjs/common';
import type { Cloud, RevenueKind } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface IncomingRevenueEvent {
  externalId: string;
  kind: RevenueKind;
  cloud: Cloud;
  customerAccountId: string;
  productId: string;
  resellerAccountId: string | null;
  amountMinor: bigint;
  currency: string;
  occurredAt: Date;
  invoiceDate: Date;
  activatedAt: Date | null;
  reversesExternalId: string | null;
}

/**
 * The durable inbox of revenue events. A whole request is stored in one
 * statement (unnest arrays, not a round trip per event); the caller's key
 * makes a repeat land on the row already there.
 */
@Injectable()
export class RevenueEventInbox {
  constructor(private readonly prisma: PrismaService) {}

  async receive(events: readonly IncomingRevenueEvent[]): Promise<{ stored: { id: string; externalId: string }[]; duplicates: string[] }> {
    if (events.length === 0) return { stored: [], duplicates: [] };
    const col = <T>(pick: (e: IncomingRevenueEvent) => T) => events.map(pick);
    const stored = await this.prisma.$queryRaw<{ id: string; external_id: string }[]>`
      INSERT INTO revenue_event (id, external_id, kind, cloud, customer_account_id, product_id, reseller_account_id,
                                 amount_minor, currency, occurred_at, invoice_date, activated_at, reverses_external_id)
      SELECT gen_random_uuid(), e.external_id, e.kind::"RevenueKind", e.cloud::"Cloud", e.customer_account_id, e.product_id,
             e.reseller_account_id, e.amount_minor, e.currency, e.occurred_at AT TIME ZONE 'UTC', e.invoice_date AT TIME ZONE 'UTC',
             e.activated_at AT TIME ZONE 'UTC', e.reverses_external_id
      FROM unnest(${col((e) => e.externalId)}::text[], ${col((e) => e.kind)}::text[], ${col((e) => e.cloud)}::text[],
                  ${col((e) => e.customerAccountId)}::text[], ${col((e) => e.productId)}::text[], ${col((e) => e.resellerAccountId)}::text[],
                  ${col((e) => e.amountMinor.toString())}::bigint[], ${col((e) => e.currency)}::text[], ${col((e) => e.occurredAt.toISOString())}::timestamptz[],
                  ${col((e) => e.invoiceDate.toISOString())}::timestamptz[], ${col((e) => e.activatedAt?.toISOString() ?? null)}::timestamptz[], ${col((e) => e.reversesExternalId)}::text[])
        AS e(external_id, kind, cloud, customer_account_id, product_id, reseller_account_id, amount_minor, currency,
             occurred_at, invoice_date, activated_at, reverses_external_id)
      ON CONFLICT (external_id) DO NOTHING
      RETURNING id, external_id`;
    const fresh = new Set(stored.map((r) => r.external_id));
    return {
      stored: stored.map((r) => ({ id: r.id, externalId: r.external_id })),
      duplicates: events.map((e) => e.externalId).filter((id) => !fresh.has(id)),
    };
  }

  unprocessed(ids: readonly string[]) {
    return this.prisma.revenueEvent.findMany({ where: { id: { in: [...ids] }, processedAt: null }, orderBy: { receivedAt: 'asc' } });
  }

  async unprocessedOlderThan(ms: number, limit = 10_000): Promise<string[]> {
    const rows = await this.prisma.revenueEvent.findMany({
      where: { processedAt: null, receivedAt: { lt: new Date(Date.now() - ms) } },
      select: { id: true },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }
}
