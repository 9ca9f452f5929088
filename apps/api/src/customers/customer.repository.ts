import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';
import type { CreateCustomerInput } from '../partners/partner.schemas';
import type { ListCustomersQuery } from './customer.schemas';

const WITH_ACCOUNTS = {
  cloudAccounts: { select: { cloud: true, accountId: true }, orderBy: [{ cloud: 'asc' as const }, { accountId: 'asc' as const }] },
} satisfies Prisma.CustomerInclude;

/**
 * Customers, read through a scope like every partner-facing record: staff
 * (null) see every customer; a partner sees the customers it registered deals
 * for or entered itself as prospects.
 */
@Injectable()
export class CustomerRepository {
  constructor(private readonly prisma: PrismaService) {}

  private scoped(scope: string | null): Prisma.CustomerWhereInput {
    return scope ? { OR: [{ createdByPartnerId: scope }, { deals: { some: { partnerId: scope } } }] } : {};
  }

  /** By name then id: a stable order for `after` cursors. */
  /** One page of customers; `page` from @bridge/pagination's findPage (CUSTOMERS_ORDER). */
  list(scope: string | null, query: Pick<ListCustomersQuery, 'q' | 'strategic'>, page: PageArgs) {
    const search: Prisma.CustomerWhereInput = query.q
      ? { OR: [{ name: { contains: query.q, mode: 'insensitive' } }, { cloudAccounts: { some: { accountId: query.q } } }] }
      : {};
    return this.prisma.customer.findMany({
      where: {
        AND: [this.scoped(scope), search, query.strategic ? { strategic: query.strategic === 'true' } : {}, page.after],
      },
      include: WITH_ACCOUNTS,
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  /**
   * The customer that holds a cloud account, whoever entered it: a partner
   * about to register a prospect learns only that it exists and its id, so it
   * can register against it rather than enter it twice.
   */
  byAccount(accountId: string) {
    return this.prisma.customer.findFirst({ where: { cloudAccounts: { some: { accountId } } }, select: { id: true } });
  }

  find(scope: string | null, id: string) {
    return this.prisma.customer.findFirst({ where: { AND: [{ id }, this.scoped(scope)] }, include: WITH_ACCOUNTS });
  }

  create(input: CreateCustomerInput, createdByPartnerId: string | null, tx: Prisma.TransactionClient) {
    return tx.customer.create({
      data: { name: input.name, strategic: input.strategic, createdByPartnerId, cloudAccounts: { create: input.cloudAccounts } },
      include: WITH_ACCOUNTS,
    });
  }

  async edit(
    id: string,
    change: {
      name?: string;
      strategic?: boolean;
      add: { cloud: 'AWS' | 'AZURE' | 'GCP'; accountId: string }[];
      remove: { cloud: 'AWS' | 'AZURE' | 'GCP'; accountId: string }[];
    },
    tx: Prisma.TransactionClient,
  ) {
    for (const account of change.remove) await tx.customerCloudAccount.deleteMany({ where: { customerId: id, ...account } });
    if (change.add.length) await tx.customerCloudAccount.createMany({ data: change.add.map((a) => ({ customerId: id, ...a })) });
    return tx.customer.update({ where: { id }, data: { name: change.name, strategic: change.strategic }, include: WITH_ACCOUNTS });
  }

  transaction<T>(body: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(body);
  }
}
