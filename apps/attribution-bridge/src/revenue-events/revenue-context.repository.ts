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
    const accounts = (pick: (e: RevenueEvent) => string | null) =>
      events.filter((e) => pick(e) !== null).map((e) => ({ cloud: e.cloud, accountId: pick(e) as string }));
    const customerRefs = accounts((e) => e.customerAccountId);
    const resellerRefs = accounts((e) => e.resellerAccountId);
    const listingRefs = events.map((e) => ({ cloud: e.cloud, productId: e.productId }));
    const reversed = events.map((e) => e.reversesExternalId).filter((id): id is string => id !== null);
    const [customerAccounts, resellerAccounts, listings, originals] = await Promise.all([
      this.prisma.customerCloudAccount.findMany({ where: { OR: dedupe(customerRefs) }, include: { customer: { select: { id: true, strategic: true } } } }),
      resellerRefs.length ? this.prisma.partnerCloudAccount.findMany({ where: { OR: dedupe(resellerRefs) } }) : [],
      this.prisma.listing.findMany({
        where: { OR: dedupe(listingRefs) },
        select: { id: true, cloud: true, productId: true, deployedOnAws: true, azureBenefitEligible: true, commitEligibleSince: true },
      }),
      reversed.length
        ? this.prisma.partnerCredit.findMany({
            where: { OR: reversed.map((id) => ({ creditKey: { startsWith: `rev:${id}:` } })) },
          })
        : [],
    ]);
    const customerIds = [...new Set(customerAccounts.map((a) => a.customer.id))];
    const [registrations, commitments, originalDrawdowns] = await Promise.all([
      customerIds.length ? this.prisma.dealRegistration.findMany({ where: { customerId: { in: customerIds }, status: { in: ['APPROVED', 'EXPIRED'] } } }) : [],
      customerIds.length ? this.prisma.commitment.findMany({ where: { customerId: { in: customerIds } }, orderBy: { id: 'asc' } }) : [],
      reversed.length ? this.prisma.commitmentDrawdown.findMany({ where: { OR: reversed.map((id) => ({ drawdownKey: { endsWith: `:rev:${id}` } })) } }) : [],
    ]);
    return {
      customerOf: new Map(customerAccounts.map((a) => [key(a.cloud, a.accountId), a.customer])),
      resellerOf: new Map(resellerAccounts.map((a) => [key(a.cloud, a.accountId), a.partnerId])),
      listingOf: new Map(listings.map((l) => [key(l.cloud, l.productId), l])),
      registrationsOf: groupBy(registrations.map(toRegistrationFact), (r) => r.customerId),
      commitmentsOf: groupBy(commitments, (c) => c.customerId),
      originalCreditsOf: groupBy(
        originals.map((c) => ({ ...toCreditLine(c), original: c.creditKey.split(':')[1] })),
        (c) => c.original,
      ),
      originalDrawdownsOf: groupBy(originalDrawdowns, (d) => d.drawdownKey.slice(d.drawdownKey.indexOf(':rev:') + 5)),
    };
  }
}

export type RevenueContext = Awaited<ReturnType<RevenueContextRepository['load']>>;
export { key as accountKey };

function dedupe<T extends object>(refs: T[]): T[] {
  const seen = new Map(refs.map((r) => [JSON.stringify(r), r]));
  return seen.size ? [...seen.values()] : ([{ cloud: 'AWS', accountId: '\u0000' }] as unknown as T[]);
}

function groupBy<T>(items: T[], by: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(by(item), [...(groups.get(by(item)) ?? []), item]);
  return groups;
}

function toCreditLine(c: { partnerId: string; engagement: 'SOURCED' | 'INFLUENCED'; shareBps: number; amountMinor: bigint; reason: string; ruleId: string; kicker: string | null }): CreditLine {
  return { partnerId: c.partnerId, engagement: c.engagement, shareBps: c.shareBps, amountMinor: c.amountMinor, reason: c.reason, ruleId: c.ruleId, kicker: (c.kicker ?? undefined) as CreditLine['kicker'] };
}
