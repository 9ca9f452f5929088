import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';
import type { AzurePlanPriceRow } from '@bridge/domain';

/** What the Azure lifecycle reads and moves besides the agreement: the offer's plan prices and the metered plan. */
@Injectable()
export class AzureSubscriptionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async planPrices(offerId: string): Promise<AzurePlanPriceRow[]> {
    const rows = await this.prisma.listingDimension.findMany({
      where: { listing: { cloud: 'AZURE', productId: offerId } },
      select: { key: true, unit: true, unitPrice: true, currency: true },
    });
    return rows.map((r) => ({ key: r.key, unit: r.unit, unitPrice: r.unitPrice.toFixed(), currency: r.currency }));
  }

  /** Usage from now on is metered under the new plan (Azure takes the planId on every usage event). True when it changed. */
  async meterUnderPlan(subscriptionId: string, planId: string): Promise<boolean> {
    const { count } = await this.prisma.meteringSubscription.updateMany({
      where: { cloud: 'AZURE', customerRef: subscriptionId, NOT: { azurePlanId: planId } },
      data: { azurePlanId: planId },
    });
    return count > 0;
  }
}
