import { Injectable } from '@nestjs/common';
import type { Cloud, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { withParsedPayload } from './marketplace-event.schema';

export interface InboundEvent {
  cloud: Cloud;
  externalId: string;
  source: string;
  detailType: string;
  payload: Prisma.InputJsonValue;
  /** Set when the message is authenticated but not understood: stored parked, not queued. */
  parkReason?: string;
}

/**
 * The durable inbox of marketplace events. A webhook stores the event here
 * before answering, so nothing is lost if Redis is down; the cloud's own
 * event id makes a redelivery land on the same row.
 */
@Injectable()
export class MarketplaceEventInbox {
  constructor(private readonly prisma: PrismaService) {}

  /** Stores the event once; a redelivery returns the stored row's id. */
  async receive(event: InboundEvent): Promise<{ id: string; duplicate: boolean }> {
    const inserted = await this.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO marketplace_event (id, cloud, external_id, source, detail_type, payload, parked_at, park_reason)
      VALUES (gen_random_uuid(), ${event.cloud}::"Cloud", ${event.externalId}, ${event.source}, ${event.detailType}, ${JSON.stringify(event.payload)}::jsonb,
              ${event.parkReason === undefined ? null : new Date()}, ${event.parkReason ?? null})
      ON CONFLICT (cloud, external_id) DO NOTHING
      RETURNING id`;
    if (inserted.length) return { id: inserted[0].id, duplicate: false };
    const existing = await this.prisma.marketplaceEvent.findUniqueOrThrow({
      where: { cloud_externalId: { cloud: event.cloud, externalId: event.externalId } },
      select: { id: true },
    });
    return { id: existing.id, duplicate: true };
  }

  async find(id: string) {
    const row = await this.prisma.marketplaceEvent.findUnique({ where: { id } });
    return row && withParsedPayload(row);
  }

  /** Events received but not processed for a while: their job was lost or is stuck. */
  async unprocessedOlderThan(ms: number, limit = 1000): Promise<string[]> {
    const rows = await this.prisma.marketplaceEvent.findMany({
      where: { processedAt: null, parkedAt: null, receivedAt: { lt: new Date(Date.now() - ms) } },
      select: { id: true },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** Parked messages, newest first (keyset page: pass the last row's receivedAt and id). */
  /** One page of parked messages; `page` is the keyset condition, order and size of @bridge/pagination's findPage. */
  parked(page: { after: Prisma.MarketplaceEventWhereInput; orderBy: Prisma.MarketplaceEventOrderByWithRelationInput[]; take: number }) {
    return this.prisma.marketplaceEvent.findMany({
      where: { parkedAt: { not: null }, ...page.after },
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  /** A replay that is still not understood: the reason is the current one. */
  async stillParked(id: string, reason: string): Promise<void> {
    await this.prisma.marketplaceEvent.updateMany({
      where: { id, parkedAt: { not: null } },
      data: { parkReason: reason, parkedAt: new Date() },
    });
  }

  /** A replay the product now understands: it is processed like any message from here on. True if it was parked. */
  async unpark(id: string, update: { source: string; detailType: string }): Promise<boolean> {
    const { count } = await this.prisma.marketplaceEvent.updateMany({
      where: { id, parkedAt: { not: null } },
      data: { parkedAt: null, parkReason: null, source: update.source, detailType: update.detailType },
    });
    return count === 1;
  }
}
