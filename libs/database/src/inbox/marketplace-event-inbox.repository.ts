import { Injectable } from '@nestjs/common';
import type { Cloud, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface InboundEvent {
  cloud: Cloud;
  externalId: string;
  source: string;
  detailType: string;
  payload: Prisma.InputJsonValue;
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
      INSERT INTO marketplace_event (id, cloud, external_id, source, detail_type, payload)
      VALUES (gen_random_uuid(), ${event.cloud}::"Cloud", ${event.externalId}, ${event.source}, ${event.detailType}, ${JSON.stringify(event.payload)}::jsonb)
      ON CONFLICT (cloud, external_id) DO NOTHING
      RETURNING id`;
    if (inserted.length) return { id: inserted[0].id, duplicate: false };
    const existing = await this.prisma.marketplaceEvent.findUniqueOrThrow({
      where: { cloud_externalId: { cloud: event.cloud, externalId: event.externalId } },
      select: { id: true },
    });
    return { id: existing.id, duplicate: true };
  }

  find(id: string) {
    return this.prisma.marketplaceEvent.findUnique({ where: { id } });
  }

  /** Events received but not processed for a while: their job was lost or is stuck. */
  async unprocessedOlderThan(ms: number, limit = 1000): Promise<string[]> {
    const rows = await this.prisma.marketplaceEvent.findMany({
      where: { processedAt: null, receivedAt: { lt: new Date(Date.now() - ms) } },
      select: { id: true },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }
}
