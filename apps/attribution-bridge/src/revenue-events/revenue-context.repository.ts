import { Injectable } from '@nestjs/common';
import { PrismaService, type Cloud, type RevenueEvent } from '@bridge/database';
import type { CreditLine } from '@bridge/domain';
import { toRegistrationFact } from '../decisions/registration-fact.mapper';

const key = (cloud: Cloud, id: string) => `${cloud}:${id}`;

/**
 * Everything the rules need for a batch of revenue events, loaded with one
 * query per kind of fact rather than per event.
 */
@Injectable()
export class RevenueContextRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(events: readonly RevenueEvent[]) {
    // IN lists, filtered by cloud afterwards: an OR of a thousand (cloud, id)
    // pairs costs far more to plan than the rows cost to read.
    const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
    const reversed = distinct(events.map((e) => e.reversesExternalId));
    const [customerAccounts, resellerAccounts, listings, originalEvents] = await Promise.all([
      this.prisma.customerCloudAccount.findMany({
        where: { accountId: { in: distinct(events.map((e) => e.customerAccountId)) } },
        include: { customer: { select: { id: true, strategic: true } } },
      }),
      this.prisma.partnerCloudAccount.findMany({ where: { accountId: { in: distinct(events.map((e) => e.resellerAccountId)) } } }),
      this.prisma.listing.findMany({
        where: { productId: { in: distinct(events.map((e) => e.productId)) } },
        select: {
          id: true,
          cloud: true,
          productId: true,
          deployedOnAws: true,
          azureBenefitEligible: true,
          gcpCommitEligible: true,
          commitEligibleSince: true,
        },
      }),
      reversed.length
        ? this.prisma.revenueEvent.findMany({
            where: { externalId: { in: reversed } },
            select: { id: true, externalId: true, processedAt: true },
          })
        : [],
    ]);
    const customerIds = [...new Set(customerAccounts.map((a) => a.customer.id))];
    const originalIds = originalEvents.map((e) => e.id);
    const externalIdOf = new Map(originalEvents.map((e) => [e.id, e.externalId]));
    const [registrations, commitments, originals, originalDrawdowns] = await Promise.all([
      customerIds.length
        ? this.prisma.dealRegistration.findMany({ where: { customerId: { in: customerIds }, status: { in: ['APPROVED', 'EXPIRED'] } } })
        : [],
      customerIds.length ? this.prisma.commitment.findMany({ where: { customerId: { in: customerIds } }, orderBy: { id: 'asc' } }) : [],
      originalIds.length ? this.prisma.partnerCredit.findMany({ where: { revenueEventId: { in: originalIds } } }) : [],
      originalIds.length ? this.prisma.commitmentDrawdown.findMany({ where: { revenueEventId: { in: originalIds } } }) : [],
    ]);
    return {
      customerOf: new Map(customerAccounts.map((a) => [key(a.cloud, a.accountId), a.customer])),
      resellerOf: new Map(resellerAccounts.map((a) => [key(a.cloud, a.accountId), a.partnerId])),
      listingOf: new Map(listings.map((l) => [key(l.cloud, l.productId), l])),
      registrationsOf: groupBy(registrations.map(toRegistrationFact), (r) => r.customerId),
      commitmentsOf: groupBy(commitments, (c) => c.customerId),
      originalCreditsOf: groupBy(
        originals.map((c) => ({ ...toCreditLine(c), original: externalIdOf.get(c.revenueEventId ?? '') ?? '' })),
        (c) => c.original,
      ),
      /** Reversed purchases not credited yet: their refund must wait for them. */
      pendingOriginals: new Set(originalEvents.filter((e) => e.processedAt === null).map((e) => e.externalId)),
      originalDrawdownsOf: groupBy(originalDrawdowns, (d) => externalIdOf.get(d.revenueEventId ?? '') ?? ''),
    };
  }
}

export type RevenueContext = Awaited<ReturnType<RevenueContextRepository['load']>>;
export { key as accountKey };

function groupBy<T>(items: T[], by: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(by(item), [...(groups.get(by(item)) ?? []), item]);
  return groups;
}

function toCreditLine(c: {
  partnerId: string;
  engagement: 'SOURCED' | 'INFLUENCED';
  shareBps: number;
  amountMinor: bigint;
  reason: string;
  ruleId: string;
  kicker: string | null;
}): CreditLine {
  return {
    partnerId: c.partnerId,
    engagement: c.engagement,
    shareBps: c.shareBps,
    amountMinor: c.amountMinor,
    reason: c.reason,
    ruleId: c.ruleId,
    kicker: (c.kicker ?? undefined) as CreditLine['kicker'],
  };
}
