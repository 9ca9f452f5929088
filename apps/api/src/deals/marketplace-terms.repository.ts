import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';
import type { MarketplaceTerms } from '@bridge/marketplace';

/** The accepted marketplace terms recorded on deal registrations. */
@Injectable()
export class MarketplaceTermsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Accepting the same plan on the same subscription again keeps one row, refreshed with what Azure answered last. */
  record(dealRegistrationId: string, terms: MarketplaceTerms, acceptedBy: string, acceptedAt: Date) {
    const evidence = {
      acceptedBy,
      acceptedAt,
      agreementId: terms.agreementId,
      licenseTextLink: terms.licenseTextLink,
      privacyPolicyLink: terms.privacyPolicyLink,
      marketplaceTermsLink: terms.marketplaceTermsLink,
      signature: terms.signature,
      retrievedAt: terms.acceptedAt,
    };
    const plan = {
      dealRegistrationId,
      azureSubscriptionId: terms.subscriptionId,
      offerType: terms.offerType,
      publisherId: terms.publisherId,
      offerId: terms.offerId,
      planId: terms.planId,
    };
    return this.prisma.marketplaceTermAcceptance.upsert({
      where: { dealRegistrationId_azureSubscriptionId_offerType_publisherId_offerId_planId: plan },
      create: { ...plan, ...evidence },
      update: evidence,
    });
  }

  listFor(dealRegistrationId: string) {
    return this.prisma.marketplaceTermAcceptance.findMany({
      where: { dealRegistrationId },
      orderBy: [{ acceptedAt: 'asc' }, { id: 'asc' }],
    });
  }
}
