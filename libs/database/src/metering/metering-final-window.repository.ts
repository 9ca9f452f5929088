import { Injectable } from '@nestjs/common';
import { licenceKey } from '@bridge/domain';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

/** Which metered subscriptions a marketplace message ends. */
export type FinalWindowMatch =
  /** Azure Unsubscribe, read back from the SaaS Fulfillment API: the SaaS subscription (the metering resource id). */
  | { azureResourceId: string }
  /** License Deprovisioned - Manufacturer: the licence itself. */
  | { licenseArn: string }
  /** SNS unsubscribe-pending: the legacy customer identifier, all SNS still names. */
  | { customerIdentifier: string }
  /** Purchase Agreement Ended, confirmed by DescribeAgreement: the agreement, else its buyer's subscription to its product. */
  | { marketplaceAgreementId: string; acceptorAccountId: string; productId: string };

/**
 * Starts the final-usage window: from `at` on, usage of the subscription is
 * refused and the metering worker sends what is left within the hour AWS
 * allows after a subscription ends. Used by the webhook (licence and SNS
 * messages) and by the attribution bridge (an agreement it saw end), so the
 * rule of what "ends" a subscription lives in one place.
 */
@Injectable()
export class MeteringFinalWindow {
  constructor(private readonly prisma: PrismaService) {}

  /** The ids of the subscriptions this call moved to UNSUBSCRIBE_PENDING (none on a repeat). */
  async start(match: FinalWindowMatch, at: Date): Promise<string[]> {
    const rows = await this.prisma.meteringSubscription.updateManyAndReturn({
      where: {
        cloud: 'azureResourceId' in match ? 'AZURE' : 'AWS',
        status: { in: ['ACTIVE', 'SUSPENDED'] },
        ...(await this.whereOf(match)),
      },
      data: { status: 'UNSUBSCRIBE_PENDING', endingAt: at },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  private async whereOf(match: FinalWindowMatch): Promise<Prisma.MeteringSubscriptionWhereInput> {
    if ('azureResourceId' in match) return { customerRef: match.azureResourceId };
    // Whichever spelling of the ARN each message used, both end in the licence id.
    if ('licenseArn' in match) return { licenseArn: { endsWith: licenceKey(match.licenseArn) } };
    if ('customerIdentifier' in match) return { customerIdentifier: match.customerIdentifier };
    const listings = await this.prisma.listing.findMany({ where: { cloud: 'AWS', productId: match.productId }, select: { id: true } });
    return {
      OR: [
        { marketplaceAgreementId: match.marketplaceAgreementId },
        { marketplaceAgreementId: null, awsAccountId: match.acceptorAccountId, listingId: { in: listings.map((l) => l.id) } },
      ],
    };
  }
}
