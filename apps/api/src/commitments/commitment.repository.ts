import { Injectable } from '@nestjs/common';
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

  list(customerId?: string) {
    return this.prisma.commitment.findMany({ where: customerId ? { customerId } : {}, orderBy: { startsAt: 'desc' }, take: 500 });
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
