import { bpsOf } from '../money/bps.allocator';
import { formatMinor } from '../money/minor.formatter';
import type { KickerRules } from '../engagement/engagement-rules.config';
import type { CreditLine, KickerKind, PartnerFact, RevenueFact } from './attribution.types';
import { RULE_IDS } from './attribution.rule-ids';

/**
 * Incentive kickers: extra payout lines, each in bps of the revenue and each
 * with its own reason, for the partners the rules make eligible (by default
 * the sourcing partner). They sit on top of the revenue split, which is why
 * they are separate lines: PAR and PIR count the split, payouts count both.
 */
export function kickersFor(
  fact: RevenueFact,
  credited: readonly CreditLine[],
  rules: KickerRules,
  partners: readonly PartnerFact[],
): CreditLine[] {
  const lines: CreditLine[] = [];
  const amount = (bps: number) => formatMinor(bpsOf(fact.amountMinor, bps), fact.currency, { withCode: true });
  const add = (line: CreditLine, kicker: KickerKind, bps: number, ruleId: string, why: string) =>
    lines.push({
      partnerId: line.partnerId,
      engagement: line.engagement,
      shareBps: bps,
      amountMinor: bpsOf(fact.amountMinor, bps),
      kicker,
      ruleId,
      reason: `${why}: kicker of ${percent(bps)} of the revenue = ${amount(bps)} for partner ${line.partnerId}`,
    });

  for (const line of credited) {
    if (!rules.engagements.includes(line.engagement)) continue;
    if (fact.isNewLogo && rules.newLogoBps > 0) {
      const derived = fact.newLogo?.basis === 'AGREEMENTS';
      const ruleId = derived ? RULE_IDS.kickerNewLogoFirstAgreement : RULE_IDS.kickerNewLogo;
      add(line, 'NEW_LOGO', rules.newLogoBps, ruleId, fact.newLogo?.reason ?? `customer ${fact.customerId} is a new logo`);
    }
    if (fact.isLegacyMigration && rules.legacyMigrationBps > 0) {
      add(line, 'LEGACY_MIGRATION', rules.legacyMigrationBps, RULE_IDS.kickerLegacyMigration, 'the deal migrates a legacy workload');
    }
    const best = bestCompetencyBonus(
      partners.find((p) => p.id === line.partnerId),
      rules,
    );
    if (best) {
      add(line, 'COMPETENCY_BONUS', best.bps, RULE_IDS.kickerCompetency, `partner holds the ${best.competency} competency`);
    }
  }
  return lines;
}

function bestCompetencyBonus(partner: PartnerFact | undefined, rules: KickerRules) {
  if (!partner) return null;
  const held = rules.competencyBonuses.filter((bonus) => bonus.bps > 0 && partner.competencies.includes(bonus.competency));
  // Bonuses do not stack: the single best one is paid, so adding competencies to the list never multiplies payouts.
  return held.reduce<(typeof held)[number] | null>((best, bonus) => (best === null || bonus.bps > best.bps ? bonus : best), null);
}

/** 7000 -> "70%", 250 -> "2.5%", 3333 -> "33.33%". */
export function percent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = (bps % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}
