import { Injectable } from '@nestjs/common';
import { parseStoredJson, PrismaService, storedPricesSchema } from '@bridge/database';
import type { AzurePlanPriceRow } from '@bridge/domain';

/** What the Azure lifecycle reads and moves besides the agreement: the offer's plan prices, the metered plan and whether usage is sent. */
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

  /** When the subscription's first term started, as first recorded (a renewal moves only the current term). */
  async firstTermStart(subscriptionId: string): Promise<Date | null> {
    const stored = await this.prisma.agreement.findUnique({
      where: { cloud_marketplaceAgreementId: { cloud: 'AZURE', marketplaceAgreementId: subscriptionId } },
      select: { startsAt: true },
    });
    return stored?.startsAt ?? null;
  }

  /**
   * Usage is sent only for a subscribed resource (the metering service page):
   * a suspended subscription's metering is held, a reinstated one's resumes.
   * Only these two states move; an ending subscription is left to its final flush. True when it changed.
   */
  async meterWhile(subscriptionId: string, status: 'ACTIVE' | 'SUSPENDED'): Promise<boolean> {
    const { count } = await this.prisma.meteringSubscription.updateMany({
      where: { cloud: 'AZURE', customerRef: subscriptionId, status: status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE' },
      data: { status },
    });
    return count > 0;
  }

  /**
   * The product's published Azure private offers of one SaaS offer, newest
   * first: their customers, plan prices and, for a multiparty offer, its
   * selling partner's account and markup.
   */
  async privateOffers(offerId: string) {
    const rows = await this.prisma.offer.findMany({
      where: {
        cloud: 'AZURE',
        listing: { productId: offerId },
        state: { in: ['PUBLISHED', 'ACCEPTED'] },
        marketplaceOfferId: { not: null },
      },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        marketplaceOfferId: true,
        resaleAuthorizationId: true,
        buyerAccounts: true,
        terms: { select: { prices: true, markupPercent: true, resaleGrant: { select: { resellerAccountId: true } } } },
      },
    });
    return rows.flatMap((r) => {
      // Never null here (the query asks for published offers); the test lets the compiler know it.
      if (r.marketplaceOfferId === null) return [];
      const prices = r.terms
        ? parseStoredJson(storedPricesSchema, r.terms.prices, { table: 'offer_terms', id: r.id, field: 'prices' })
        : [];
      return {
        marketplaceOfferId: r.marketplaceOfferId,
        resaleAuthorizationId: r.resaleAuthorizationId,
        resellerAccountId: r.terms?.resaleGrant?.resellerAccountId ?? null,
        buyerAccounts: r.buyerAccounts,
        planIds: prices.map((p) => p.key),
        prices,
        markupPercent: r.terms?.markupPercent?.toFixed() ?? null,
      };
    });
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
