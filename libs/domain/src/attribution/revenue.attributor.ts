import { allocateByBps } from '../money/bps.allocator';
import { minorUnitsOf } from '../money/currency.catalog';
import { formatMinor } from '../money/minor.formatter';
import { DEFAULT_ENGAGEMENT_RULES, validateEngagementRules, type EngagementRules } from '../engagement/engagement-rules.config';
import { coveringRegistrations, firstApproved } from '../engagement/registration-coverage.rule';
import { splitOverrideFor } from '../engagement/split-override.rule';
import type { AttributionDecision, CreditLine, Engagement, PartnerFact, RegistrationFact, RevenueFact } from './attribution.types';
import { RULE_IDS } from './attribution.rule-ids';
import { kickersFor, percent } from './kicker.calculator';

interface Share {
  partnerId: string;
  engagement: Engagement;
  bps: number;
  ruleId: string;
  why: string;
}

/**
 * Decides who is credited for one purchase or revenue event, in this order:
 * 1. a sales-ops split override for the customer (and listing) applies as decided;
 * 2. a channel offer credits its reseller as sourcing partner (another
 *    partner's registration earns channelInfluencedBps, 0 by default);
 * 3. a strategic account stays direct unless the rules say PARTNER (MANUAL
 *    holds it for sales ops);
 * 4. otherwise the approved registrations covering customer and listing at
 *    occurredAt: first approved sourced partner and first approved
 *    influencers split by the rules; no registration means direct.
 * Kickers are added on top for the eligible partners. The split never exceeds 100%.
 *
 * Only for revenue (amountMinor >= 0). A cancellation, refund or downgrade is
 * credited with reverseCredits(originalDecision.credits, negativeAmount): the
 * refund must follow the original decision, not today's registrations.
 */
export function attributeRevenue(
  fact: RevenueFact,
  registrations: RegistrationFact[],
  rules: EngagementRules = DEFAULT_ENGAGEMENT_RULES,
  partners: PartnerFact[] = [],
): AttributionDecision {
  if (fact.amountMinor < 0n) {
    throw new RangeError(
      `${fact.kind} ${fact.sourceRef} is negative: credit it with reverseCredits(original credits, amount) so it follows the original decision`,
    );
  }
  minorUnitsOf(fact.currency);
  validateEngagementRules(rules);
  const subject = describeSubject(fact);

  const override = splitOverrideFor(fact, rules.splitOverrides);
  if (override) {
    const shares = override.shares.map((s) => ({
      ...s,
      ruleId: RULE_IDS.splitOverride,
      why: `sales ops split ${override.id} for ${subject}: ${override.reason}`,
    }));
    if (shares.length === 0) {
      return direct(`sales ops split ${override.id} keeps ${subject} with direct sales: ${override.reason}`);
    }
    return credited(fact, shares, rules, partners, `sales ops split ${override.id} applies to ${subject}`);
  }

  const covering = coveringRegistrations(fact, registrations);

  if (fact.resellerPartnerId !== null) return channelDecision(fact, fact.resellerPartnerId, covering, rules, partners, subject);

  if (fact.customerIsStrategic && rules.strategicAccounts !== 'PARTNER') {
    if (covering.length === 0) return direct(`${subject} is a strategic account with no partner registration: direct`);
    const claims = covering.map((r) => `${r.partnerId} (${r.engagement.toLowerCase()} registration ${r.id})`).join(', ');
    if (rules.strategicAccounts === 'DIRECT') {
      return direct(`${subject} is a strategic account, which the rules keep with direct sales over ${claims}`);
    }
    const reason = `${subject} is a strategic account claimed by ${claims}; the rules leave partner vs direct to sales ops`;
    return { credits: [], winner: 'NONE', reason, conflicts: [{ partnerIds: covering.map((r) => r.partnerId), reason }] };
  }

  if (covering.length === 0) return direct(`no approved, unexpired registration covers ${subject}: direct`);

  const sourced = firstApproved(
    covering.filter((r) => r.engagement === 'SOURCED'),
    1,
  );
  // The winning sourcing partner is credited once, as sourcing; a partner whose sourced claim lost may still influence.
  const sourcingPartner = sourced.winners[0]?.partnerId;
  const influenced = firstApproved(
    covering.filter((r) => r.engagement === 'INFLUENCED' && r.partnerId !== sourcingPartner),
    rules.maxInfluencedPartners,
  );
  const conflicts = [sourced, influenced]
    .filter((pick) => pick.tied.length > 0)
    .map((pick) => ({
      partnerIds: pick.tied.map((r) => r.partnerId),
      reason:
        `${pick.tied[0].engagement.toLowerCase()} registrations ${pick.tied.map((r) => r.id).join(', ')} by partners ` +
        `${pick.tied.map((r) => r.partnerId).join(', ')} were approved at the same instant ` +
        `(${pick.tied[0].decidedAt?.toISOString()}) for ${subject}; sales ops must decide`,
    }));
  if (conflicts.length > 0) {
    return { credits: [], winner: 'NONE', reason: conflicts.map((c) => c.reason).join('; '), conflicts };
  }

  const source = sourced.winners[0];
  const influencers = influenced.winners;
  const split = rules.sourcedWithInfluenced;
  const sourcedBps = influencers.length > 0 ? split.sourcedBps : rules.sourcedAloneBps;
  const influencedPool = source ? split.influencedBps : rules.influencedAloneBps;
  const shares: Share[] = [];
  if (source) {
    shares.push({
      partnerId: source.partnerId,
      engagement: 'SOURCED',
      bps: sourcedBps,
      ruleId: RULE_IDS.sourcedRegistration,
      why: `sourced registration ${source.id}, first approved (${source.decidedAt?.toISOString()}) covering ${subject}`,
    });
  }
  equalBps(influencedPool, influencers.length).forEach((bps, i) =>
    shares.push({
      partnerId: influencers[i].partnerId,
      engagement: 'INFLUENCED',
      bps,
      ruleId: RULE_IDS.influencedRegistration,
      why: `influenced registration ${influencers[i].id}, approved ${influencers[i].decidedAt?.toISOString()}, covering ${subject}`,
    }),
  );
  const losers = [...sourced.later, ...influenced.later].map(
    (r) => `${r.engagement.toLowerCase()} registration ${r.id} by ${r.partnerId} was approved later and earns nothing`,
  );
  const headline = source
    ? influencers.length > 0
      ? `sourced beats influenced: ${percent(sourcedBps)} sourced, ${percent(influencedPool)} influenced for ${subject}`
      : `sourced registration wins ${subject}`
    : `influenced registration${influencers.length > 1 ? 's share' : ' wins'} ${subject}`;
  return credited(fact, shares, rules, partners, [headline, ...losers].join('; '));
}

function channelDecision(
  fact: RevenueFact,
  resellerId: string,
  covering: RegistrationFact[],
  rules: EngagementRules,
  partners: PartnerFact[],
  subject: string,
): AttributionDecision {
  // On a channel deal every other partner's registration, sourced or not, can at most be influence.
  const others = covering.filter((r) => r.partnerId !== resellerId);
  const unique = others.filter((r, i) => others.findIndex((o) => o.partnerId === r.partnerId) === i);
  const eligible = rules.channelInfluencedBps > 0 ? firstApproved(unique, rules.maxInfluencedPartners) : null;
  if (eligible && eligible.tied.length > 0) {
    const reason =
      `registrations ${eligible.tied.map((r) => r.id).join(', ')} on the channel offer for ${subject} were approved ` +
      'at the same instant; sales ops must decide who shares the channel influence';
    return { credits: [], winner: 'NONE', reason, conflicts: [{ partnerIds: eligible.tied.map((r) => r.partnerId), reason }] };
  }
  const influencers = eligible?.winners ?? [];
  const pool = influencers.length > 0 ? rules.channelInfluencedBps : 0;
  const shares: Share[] = [
    {
      partnerId: resellerId,
      engagement: 'SOURCED',
      bps: 10_000 - pool,
      ruleId: RULE_IDS.channelReseller,
      why: `channel offer: reseller ${resellerId} sold ${subject} under a resale authorization`,
    },
    ...equalBps(pool, influencers.length).map((bps, i) => ({
      partnerId: influencers[i].partnerId,
      engagement: 'INFLUENCED' as const,
      bps,
      ruleId: RULE_IDS.channelInfluencer,
      why: `registration ${influencers[i].id} earns the channel influence share`,
    })),
  ];
  const passedOver = unique
    .filter((r) => !influencers.includes(r))
    .map((r) => `registration ${r.id} by ${r.partnerId} earns no share of a channel offer under these rules`);
  return credited(fact, shares, rules, partners, [`channel offer credits reseller ${resellerId}`, ...passedOver].join('; '));
}

function credited(
  fact: RevenueFact,
  shares: Share[],
  rules: EngagementRules,
  partners: PartnerFact[],
  reason: string,
): AttributionDecision {
  const parts = allocateByBps(
    fact.amountMinor,
    shares.map((share) => ({ key: share.partnerId, bps: share.bps })),
  );
  const split: CreditLine[] = shares.map((share, i) => ({
    partnerId: share.partnerId,
    engagement: share.engagement,
    shareBps: share.bps,
    amountMinor: parts[i].amountMinor,
    ruleId: share.ruleId,
    reason: `${share.why}: ${percent(share.bps)} = ${formatMinor(parts[i].amountMinor, fact.currency, { withCode: true })}`,
  }));
  const credits = [...split, ...kickersFor(fact, split, rules.kickers, partners)];
  return { credits, winner: 'PARTNER', reason, conflicts: [] };
}

function direct(reason: string): AttributionDecision {
  return { credits: [], winner: 'DIRECT', reason, conflicts: [] };
}

/** A pool of bps shared equally; the earliest approved get the odd basis points. */
function equalBps(pool: number, count: number): number[] {
  if (count === 0) return [];
  const base = Math.floor(pool / count);
  return Array.from({ length: count }, (_, i) => base + (i < pool % count ? 1 : 0));
}

function describeSubject(fact: RevenueFact): string {
  const amount = formatMinor(fact.amountMinor, fact.currency, { withCode: true });
  return (
    `${fact.kind.toLowerCase()} ${fact.sourceRef} (${amount}) by customer ${fact.customerId ?? 'unknown'}` +
    ` on listing ${fact.listingId ?? 'unknown'} at ${fact.occurredAt.toISOString()}`
  );
}
