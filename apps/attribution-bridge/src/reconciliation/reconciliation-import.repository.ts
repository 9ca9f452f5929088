import { Injectable } from '@nestjs/common';
import { PrismaService, type MalformedRowPolicy, type ReconciliationFeed, type ReconciliationImportStatus } from '@bridge/database';

export interface NewImport {
  feed: ReconciliationFeed;
  fileName: string;
  origin: 'upload' | 'path';
  onMalformed: MalformedRowPolicy;
  actor: string;
}

/** The import records: what was imported, by whom, how far it got, and what went wrong where. */
@Injectable()
export class ReconciliationImportRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: NewImport) {
    return this.prisma.reconciliationImport.create({ data: { ...input, cloud: input.feed === 'AZURE_PAYOUTS' ? 'AZURE' : 'AWS' } });
  }

  find(id: string) {
    return this.prisma.reconciliationImport.findUnique({ where: { id } });
  }

  list(limit: number) {
    return this.prisma.reconciliationImport.findMany({ orderBy: { seq: 'desc' }, take: limit });
  }

  quarantined(importId: string, limit: number) {
    return this.prisma.billingFeedQuarantine.findMany({ where: { importId }, orderBy: { line: 'asc' }, take: limit });
  }

  /** Progress of a long import; only while it is still receiving, so a late tick never overwrites the outcome. */
  async progress(id: string, linesProcessed: number): Promise<void> {
    await this.prisma.reconciliationImport.updateMany({ where: { id, status: 'RECEIVING' }, data: { linesProcessed } });
  }

  async finish(
    id: string,
    status: ReconciliationImportStatus,
    fields: { error?: string; errorLine?: number | null; errorColumn?: string | null; linesProcessed?: number; duplicateOfId?: string; contentSha256?: string; itemsMatched?: number; rowsSuperseded?: number },
  ): Promise<void> {
    await this.prisma.reconciliationImport.update({ where: { id }, data: { status, ...fields, finishedAt: status === 'MATCHING' ? null : new Date() } });
  }

  /** Imports whose rows are stored but whose items were never matched (a lost job): the sweep re-queues them. */
  async waitingForMatch(olderThanMs: number): Promise<string[]> {
    const rows = await this.prisma.reconciliationImport.findMany({
      where: { status: 'MATCHING', updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
      select: { id: true },
      take: 100,
    });
    return rows.map((r) => r.id);
  }
}
