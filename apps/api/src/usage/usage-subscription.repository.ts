import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';
import { isMeterableLicenceArn, licenceKey } from '@bridge/domain';
import type { RegisterSubscriptionInput } from './usage.schemas';

export interface SubscriptionForIngest {
  id: string;
  cloud: 'AWS' | 'AZURE' | 'GCP';
  customerRef: string;
  awsAccountId: string | null;
  licenseArn: string | null;
  customerIdentifier: string | null;
  status: 'ACTIVE' | 'SUSPENDED' | 'UNSUBSCRIBE_PENDING' | 'ENDED';
  endingAt: Date | null;
  finalFlushAt: Date | null;
  /** Dimensions usage may name; empty = any (nothing declared). */
  dimensions: Set<string>;
}

/** AWS customers are keyed by account id and licence (its id, however the message spelled the ARN); Azure by the SaaS resource id. */
export const awsCustomerRef = (accountId: string, licenseArn: string) => `${accountId}/${licenceKey(licenseArn)}`;

@Injectable()
export class UsageSubscriptionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The subscriptions a batch names, by customer ref or legacy identifier, with the dimensions each may use. */
  async forIngest(customerRefs: string[], customerIdentifiers: string[]): Promise<SubscriptionForIngest[]> {
    if (customerRefs.length === 0 && customerIdentifiers.length === 0) return [];
    const rows = await this.prisma.meteringSubscription.findMany({
      where: { OR: [{ customerRef: { in: customerRefs } }, { customerIdentifier: { in: customerIdentifiers } }] },
      include: { dimensions: { select: { dimension: true } } },
    });
    const listingIds = [...new Set(rows.map((r) => r.listingId).filter((id): id is string => id !== null))];
    const listingDimensions = listingIds.length
      ? await this.prisma.listingDimension.findMany({ where: { listingId: { in: listingIds } }, select: { listingId: true, key: true } })
      : [];
    return rows.map((r) => ({
      id: r.id,
      cloud: r.cloud,
      customerRef: r.customerRef,
      awsAccountId: r.awsAccountId,
      licenseArn: r.licenseArn,
      customerIdentifier: r.customerIdentifier,
      status: r.status,
      endingAt: r.endingAt,
      finalFlushAt: r.finalFlushAt,
      dimensions: new Set([
        ...r.dimensions.map((d) => d.dimension),
        ...listingDimensions.filter((d) => d.listingId === r.listingId).map((d) => d.key),
      ]),
    }));
  }

  /** Creates or updates a subscription (by cloud and customer) and its dimensions, in one transaction. */
  async register(input: RegisterSubscriptionInput, customerRef: string, startedAt: Date) {
    const listing = await this.listingOf(input.cloud, input.productCode, input.productId);
    const fields = {
      awsAccountId: input.customerAwsAccountId ?? null,
      licenseArn: input.licenseArn ?? null,
      customerIdentifier: input.customerIdentifier ?? null,
      productCode: input.productCode,
      azurePlanId: input.azurePlanId ?? null,
      listingId: listing?.id ?? null,
      marketplaceAgreementId: input.marketplaceAgreementId ?? null,
      reportZeroHours: input.reportZeroHours,
    };
    return this.prisma.$transaction(async (tx) => {
      const subscription = await tx.meteringSubscription.upsert({
        where: { cloud_customerRef: { cloud: input.cloud, customerRef } },
        create: { cloud: input.cloud, customerRef, startedAt, ...fields },
        update: fields,
      });
      await tx.meteringSubscriptionDimension.deleteMany({ where: { subscriptionId: subscription.id } });
      if (input.dimensions.length) {
        await tx.meteringSubscriptionDimension.createMany({
          data: input.dimensions.map((d) => ({
            subscriptionId: subscription.id,
            dimension: d.key,
            unitPrice: d.unitPrice === undefined ? null : new Prisma.Decimal(d.unitPrice),
            currency: d.currency ?? null,
          })),
        });
      }
      return tx.meteringSubscription.findUniqueOrThrow({ where: { id: subscription.id }, include: { dimensions: true } });
    });
  }

  /**
   * A subscription the marketplace announced (License Updated, or the buyer
   * arriving from the SaaS registration page): stored if the customer has
   * none yet. An existing one only gains what it lacked (the legacy
   * identifier, the agreement), so a redelivered message cannot undo what an
   * operator registered (its own prices, the zero-hours setting) or bring
   * back one that has ended. True when stored.
   */
  async registerAnnounced(input: {
    awsAccountId: string;
    licenseArn: string;
    customerIdentifier: string | null;
    productCode: string;
    marketplaceAgreementId: string | null;
    startedAt: Date;
  }): Promise<boolean> {
    const listing = await this.listingOf('AWS', input.productCode);
    const customerRef = awsCustomerRef(input.awsAccountId, input.licenseArn);
    const created = await this.prisma.meteringSubscription.createMany({
      data: [
        {
          cloud: 'AWS',
          customerRef,
          awsAccountId: input.awsAccountId,
          licenseArn: input.licenseArn,
          customerIdentifier: input.customerIdentifier,
          productCode: input.productCode,
          listingId: listing?.id ?? null,
          marketplaceAgreementId: input.marketplaceAgreementId,
          startedAt: input.startedAt,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 1) return true;
    // The licence events spell the ARN in a form the Metering API does not take; ResolveCustomer's replaces it.
    if (isMeterableLicenceArn(input.licenseArn)) {
      await this.prisma.meteringSubscription.updateMany({
        where: { cloud: 'AWS', customerRef, NOT: { licenseArn: { startsWith: 'arn:' } } },
        data: { licenseArn: input.licenseArn },
      });
    }
    if (input.customerIdentifier) {
      await this.prisma.meteringSubscription.updateMany({
        where: { cloud: 'AWS', customerRef, customerIdentifier: null },
        data: { customerIdentifier: input.customerIdentifier },
      });
    }
    if (input.marketplaceAgreementId) {
      await this.prisma.meteringSubscription.updateMany({
        where: { cloud: 'AWS', customerRef, marketplaceAgreementId: null },
        data: { marketplaceAgreementId: input.marketplaceAgreementId },
      });
    }
    return false;
  }

  /** Whether the marketplace has announced the end of this licence (License Deprovisioned, which may arrive before its update). */
  async licenceEnded(licenseArn: string): Promise<boolean> {
    const found = await this.prisma.$queryRaw<unknown[]>`
      SELECT 1 FROM marketplace_event
       WHERE source = 'aws.agreement-marketplace' AND detail_type = 'License Deprovisioned - Manufacturer' AND parked_at IS NULL
         AND payload -> 'detail' -> 'license' ->> 'arn' LIKE ${`%${licenceKey(licenseArn)}`}
       LIMIT 1`;
    return found.length > 0;
  }

  /** The listed name of a product, for the buyer's confirmation page. */
  async productName(productCode: string): Promise<string | null> {
    return (await this.prisma.listing.findFirst({ where: { cloud: 'AWS', productCode }, select: { title: true } }))?.title ?? null;
  }

  /** The listing whose dimensions and public prices a subscription's usage takes: by product code, else by product id. */
  private listingOf(cloud: 'AWS' | 'AZURE', productCode: string, productId?: string) {
    return this.prisma.listing.findFirst({
      where: { cloud, OR: [{ productCode }, { productId: productId ?? productCode }] },
      select: { id: true },
    });
  }

  find(id: string) {
    return this.prisma.meteringSubscription.findUnique({ where: { id }, include: { dimensions: true } });
  }

  /** unsubscribe-pending: from now on usage after `at` is refused and the worker flushes what is left. */
  async markUnsubscribePending(id: string, at: Date) {
    await this.prisma.meteringSubscription.updateMany({
      where: { id, status: { in: ['ACTIVE', 'SUSPENDED'] } },
      data: { status: 'UNSUBSCRIBE_PENDING', endingAt: at },
    });
    return this.find(id);
  }
}
