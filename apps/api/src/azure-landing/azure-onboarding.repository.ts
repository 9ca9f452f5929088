import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';

/** What onboarding writes: the buyer as a customer (by Entra tenant) and its SaaS subscription registered for metering. */
@Injectable()
export class AzureOnboardingRepository {
  constructor(private readonly prisma: PrismaService) {}

  async offerTitle(offerId: string): Promise<string | null> {
    const listing = await this.prisma.listing.findUnique({
      where: { cloud_productId: { cloud: 'AZURE', productId: offerId } },
      select: { title: true },
    });
    return listing?.title ?? null;
  }

  /**
   * The customer that owns this Entra tenant, created the first time (named
   * after the buyer's email domain: the marketplace says no more); a tenant
   * already known (recorded by hand, or an earlier purchase) keeps its customer.
   */
  async customerForTenant(tenantId: string, name: string): Promise<{ id: string; created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`azure-tenant:${tenantId}`}))`;
      const known = await tx.customerCloudAccount.findUnique({
        where: { cloud_accountId: { cloud: 'AZURE', accountId: tenantId } },
        select: { customerId: true },
      });
      if (known) return { id: known.customerId, created: false };
      const customer = await tx.customer.create({ data: { name, cloudAccounts: { create: { cloud: 'AZURE', accountId: tenantId } } } });
      await tx.auditEntry.create({
        data: {
          actor: 'azure-landing-page',
          action: 'customer.created',
          entityType: 'customer',
          entityId: customer.id,
          reason: 'an Azure Marketplace buyer activated a SaaS subscription',
          data: { cloud: 'AZURE', tenantId },
        },
      });
      return { id: customer.id, created: true };
    });
  }

  /**
   * The SaaS subscription as a metered subscription (Azure meters by the
   * subscription id as resourceId, under its plan). Created once: a replayed
   * landing page never undoes what an operator or the lifecycle set since.
   */
  async registerMetering(input: { subscriptionId: string; offerId: string; planId: string; startedAt: Date }): Promise<boolean> {
    const listing = await this.prisma.listing.findUnique({
      where: { cloud_productId: { cloud: 'AZURE', productId: input.offerId } },
      select: { id: true },
    });
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO metering_subscription (id, cloud, customer_ref, product_code, azure_plan_id, listing_id, marketplace_agreement_id, started_at)
      VALUES (gen_random_uuid(), 'AZURE'::"Cloud", ${input.subscriptionId}, ${input.offerId}, ${input.planId},
              ${listing?.id ?? null}::uuid, ${input.subscriptionId}, ${input.startedAt})
      ON CONFLICT (cloud, customer_ref) DO NOTHING
      RETURNING id`;
    return rows.length === 1;
  }
}
