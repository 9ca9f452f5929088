import { Injectable } from '@nestjs/common';
import type { PageArgs } from '@bridge/pagination';
import { PrismaService, type Cloud, type CommitmentKind, type Prisma } from '@bridge/database';

@Injectable()
export class CommitmentRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: {
    customerId: string;
    cloud: Cloud;
    kind: CommitmentKind;
    totalMinor: bigint;
    currency: string;
    startsAt: Date;
    endsAt: Date;
    marketplaceCapBps: number;
  }) {
    return this.prisma.commitment.create({ data: input });
  }

  customerExists(id: string) {
    return this.prisma.customer.count({ where: { id } }).then((n) => n > 0);
  }

  /** One page of commitments; `page` from @bridge/pagination's findPage. */
  list(filter: { customerId?: string; cloud?: Cloud }, page: PageArgs) {
    return this.prisma.commitment.findMany({
      where: {
        ...(filter.customerId ? { customerId: filter.customerId } : {}),
        ...(filter.cloud ? { cloud: filter.cloud } : {}),
        ...page.after,
      },
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  find(id: string) {
    return this.prisma.commitment.findUnique({ where: { id } });
  }

  drawdowns(commitmentId: string) {
    return this.prisma.commitmentDrawdown.findMany({ where: { commitmentId }, orderBy: [{ invoiceDate: 'asc' }, { createdAt: 'asc' }] });
  }

  update(id: string, data: Prisma.CommitmentUpdateInput, tx: Prisma.TransactionClient) {
    return tx.commitment.update({ where: { id }, data });
  }

  transaction<T>(body: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(body);
  }
}
