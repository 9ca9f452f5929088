import { engagementRules } from '../engagement/engagement-rules.config';
import { purchase, registration as reg } from './attribution.fixtures';
import { RULE_IDS } from './attribution.rule-ids';
import { explainNewLogo, newLogoVerdict, type EarlierAgreementFact, type NewLogoFacts } from './new-logo.rule';
import { attributeRevenue } from './revenue.attributor';

const START = new Date('2026-03-15T12:00:00.000Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);
const other = (agreementId: string, startsAt: Date, newLogoPaid = false): EarlierAgreementFact => ({ agreementId, startsAt, newLogoPaid });
const facts = (changes: Partial<NewLogoFacts> = {}): NewLogoFacts => ({
  cloud: 'AWS',
  productId: 'prod-1',
  customerId: 'cust-1',
  agreement: { agreementId: 'agmt-b', startsAt: START },
  others: [],
  claimed: false,
  ...changes,
});

describe('a new logo is a customer with no earlier agreement for the product', () => {
  it('is derived from the agreements without any claim', () => {
    expect(newLogoVerdict(facts())).toEqual({
      isNewLogo: true,
      basis: 'AGREEMENTS',
      reason: 'customer cust-1 is a new logo for AWS product prod-1: no agreement of theirs for it starts before 2026-03-15T12:00:00.000Z',
    });
  });

  it('notes a claim the agreements agree with', () => {
    expect(newLogoVerdict(facts({ claimed: true })).reason).toContain('(as the partner claimed)');
  });

  it('overrides a confirmed claim that an earlier agreement contradicts, naming that agreement', () => {
    const verdict = newLogoVerdict(facts({ claimed: true, others: [other('agmt-a', minutes(-60 * 24 * 30))] }));
    expect(verdict).toEqual({
      isNewLogo: false,
      basis: 'AGREEMENTS',
      reason:
        'customer cust-1 is not a new logo for AWS product prod-1: the partner claimed it, but its agreement agmt-a ' +
        'started 2026-02-13T12:00:00.000Z, before this one (2026-03-15T12:00:00.000Z)',
    });
  });

  it('goes by start time, not arrival: a later-starting agreement stored first does not stop an earlier one', () => {
    expect(newLogoVerdict(facts({ others: [other('agmt-c', minutes(5))] })).isNewLogo).toBe(true);
    // The same two agreements the other way round: the later-starting one is no new logo, even if it was stored first.
    const later = facts({ agreement: { agreementId: 'agmt-c', startsAt: minutes(5) }, others: [other('agmt-b', START)] });
    expect(newLogoVerdict(later).isNewLogo).toBe(false);
  });

  it('names the first of several earlier agreements', () => {
    const verdict = newLogoVerdict(facts({ others: [other('agmt-y', minutes(-10)), other('agmt-x', minutes(-20))] }));
    expect(verdict.reason).toContain('its agreement agmt-x started');
  });

  it('orders equal starts by agreement id, so exactly one of two same-second agreements is the new logo', () => {
    const a = facts({ agreement: { agreementId: 'agmt-a', startsAt: START }, others: [other('agmt-b', START)] });
    const b = facts({ agreement: { agreementId: 'agmt-b', startsAt: START }, others: [other('agmt-a', START)] });
    expect([newLogoVerdict(a).isNewLogo, newLogoVerdict(b).isNewLogo]).toEqual([true, false]);
  });

  it('ignores its own stored row (a retried or re-credited agreement is among the stored ones)', () => {
    expect(newLogoVerdict(facts({ others: [other('agmt-b', START, true)] })).isNewLogo).toBe(true);
  });

  it('pays once per customer and product: a kicker already paid on a later-starting agreement is not paid again', () => {
    const verdict = newLogoVerdict(facts({ others: [other('agmt-c', minutes(5), true)] }));
    expect(verdict).toMatchObject({ isNewLogo: false, basis: 'AGREEMENTS' });
    expect(verdict.reason).toBe(
      'the new-logo kicker for customer cust-1 and AWS product prod-1 was already paid on agreement agmt-c, ' +
        'credited before this earlier-starting one was heard of; it is paid once and not moved',
    );
  });

  it.each([
    [true, true],
    [false, false],
  ])('takes the confirmed claim (%p) only where the agreements cannot tell: a buyer linked to no customer', (claimed, isNewLogo) => {
    const verdict = newLogoVerdict(facts({ customerId: null, claimed, others: [other('agmt-a', minutes(-5))] }));
    expect(verdict).toMatchObject({ isNewLogo, basis: 'CLAIM' });
    expect(verdict.reason).toContain('linked to no customer');
  });
});

describe('the decision record explains the new-logo kicker', () => {
  const rules = engagementRules({ kickers: { newLogoBps: 500, legacyMigrationBps: 0, competencyBonuses: [], engagements: ['SOURCED'] } });

  it('a derived new logo pays under its own rule id, with the reason the agreements gave', () => {
    const verdict = newLogoVerdict(facts());
    const decision = attributeRevenue(purchase({ isNewLogo: true, newLogo: verdict }), [reg('p1', 'SOURCED')], rules);
    const kicker = decision.credits.find((c) => c.kicker === 'NEW_LOGO');
    expect(kicker).toMatchObject({ ruleId: RULE_IDS.kickerNewLogoFirstAgreement, amountMinor: 50_000n });
    expect(kicker?.reason).toBe(`${verdict.reason}: kicker of 5% of the revenue = 500.00 USD for partner p1`);
  });

  it('a confirmed claim pays under the claim rule id', () => {
    const verdict = newLogoVerdict(facts({ customerId: null, claimed: true }));
    const decision = attributeRevenue(purchase({ isNewLogo: true, newLogo: verdict }), [reg('p1', 'SOURCED')], rules);
    expect(decision.credits.find((c) => c.kicker === 'NEW_LOGO')?.ruleId).toBe(RULE_IDS.kickerNewLogo);
  });

  it('a credited purchase without the kicker says why in the decision reason', () => {
    const verdict = newLogoVerdict(facts({ claimed: true, others: [other('agmt-a', minutes(-5))] }));
    const decision = explainNewLogo(attributeRevenue(purchase({ isNewLogo: false }), [reg('p1', 'SOURCED')], rules), verdict);
    expect(decision.credits.some((c) => c.kicker)).toBe(false);
    expect(decision.reason).toMatch(/; no new-logo kicker: customer cust-1 is not a new logo .* its agreement agmt-a started/);
  });

  it('leaves a direct or undecided decision as it is', () => {
    const verdict = newLogoVerdict(facts({ others: [other('agmt-a', minutes(-5))] }));
    const direct = attributeRevenue(purchase(), [], rules);
    expect(explainNewLogo(direct, verdict)).toBe(direct);
  });
});
