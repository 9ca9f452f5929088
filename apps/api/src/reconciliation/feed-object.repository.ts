import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';

const SELECTED = {
  bucket: true,
  key: true,
  feed: true,
  offset: true,
  etag: true,
  lastImportId: true,
  problem: true,
  problemAt: true,
  updatedAt: true,
} as const;

export type FeedObjectRow = Prisma.DeliveredFeedObjectGetPayload<{ select: typeof SELECTED }>;

/** The data-feed objects the poller follows, as finance sees and resumes them (the poller itself writes through the engine). */
@Injectable()
export class FeedObjectRepository {
  constructor(private readonly prisma: PrismaService) {}

  page(args: PageArgs, problemsOnly: boolean): Promise<FeedObjectRow[]> {
    return this.prisma.deliveredFeedObject.findMany({
      where: { ...args.after, ...(problemsOnly ? { problem: { not: null } } : {}) },
      orderBy: args.orderBy,
      take: args.take,
      select: SELECTED,
    });
  }

  find(bucket: string, key: string, tx: Prisma.TransactionClient = this.prisma): Promise<FeedObjectRow | null> {
    return tx.deliveredFeedObject.findUnique({ where: { bucket_key: { bucket, key } }, select: SELECTED });
  }

  /**
   * Clears a set-aside object's problem and forgets the bytes its check
   * compares (the tail before the offset), so the next poll reads on from the
   * stored offset: the bytes already imported stand. Only if a problem is
   * still set, so two operators resuming at once resume it once.
   */
  async resume(bucket: string, key: string, tx: Prisma.TransactionClient): Promise<boolean> {
    const { count } = await tx.deliveredFeedObject.updateMany({
      where: { bucket, key, problem: { not: null } },
      data: { problem: null, problemAt: null, tailSha256: null, tailLength: 0, pendingUntil: null },
    });
    return count === 1;
  }

  transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }
}
