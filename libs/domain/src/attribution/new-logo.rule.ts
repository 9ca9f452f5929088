import type { AttributionDecision, NewLogoBasis } from './attribution.types';

/** One of the customer's other agreements for the same cloud product, as stored when this one is first credited. */
export interface EarlierAgreementFact {
  /** The marketplace's agreement id, as partners and alliance know it. */
  agreementId: string;
  /** When it starts (its acceptance when the marketplace gives no start). */
  startsAt: Date;
  /** A new-logo kicker was already credited on it. */
  newLogoPaid: boolean;
}

export interface NewLogoFacts {
  cloud: string;
  productId: string;
  /** null when the buying account is linked to no customer: then the agreements cannot tell. */
  customerId: string | null;
  agreement: { agreementId: string; startsAt: Date };
  /** The customer's other agreements for the same cloud product, in whatever order they arrived. */
  others: readonly EarlierAgreementFact[];
  /** An approved registration covering the purchase flags a new logo: the partner's claim, confirmed by alliance's approval. */
  claimed: boolean;
}

export interface NewLogoVerdict {
  isNewLogo: boolean;
  basis: NewLogoBasis;
  reason: string;
}

/**
 * Whether a purchase is a new logo: a customer with no earlier agreement for
 * the product (the same cloud product id). The data decides wherever it can;
 * the partner's flag is only a claim, and it decides nothing the customer's
 * agreements can tell, either way: a purchase is a new logo without a claim,
 * and a claim contradicted by an earlier agreement pays nothing.
 *
 * What the data cannot tell is who the buyer is when its cloud account is
 * linked to no customer (another account of the same company may have bought
 * before). There, and only there, a claim that alliance confirmed (the flag
 * on an approved registration) is taken. A customer new to the vendor across
 * all its products is a new logo for this product too, so that needs no claim
 * of its own; a customer who bought the product outside the marketplace is
 * invisible to the data, and alliance settles such a case with a split or an
 * adjustment, not with the flag.
 *
 * "Earlier" is by the agreements' start times, never by the order their
 * events arrived: an agreement heard of late still precedes the ones that
 * start after it. Equal starts are ordered by agreement id, so two replays
 * of the same facts agree. The kicker is paid once per customer and product:
 * if a later-starting agreement was credited first and already paid it (the
 * earlier one was unknown then), the earlier one pays none, because a credit
 * once paid is not moved between agreements.
 */
export function newLogoVerdict(facts: NewLogoFacts): NewLogoVerdict {
  const product = `${facts.cloud} product ${facts.productId}`;
  const claim = facts.claimed ? 'the partner claimed it, ' : '';
  if (facts.customerId === null) {
    return facts.claimed
      ? {
          isNewLogo: true,
          basis: 'CLAIM',
          reason: `the buyer is linked to no customer, so its agreements cannot tell; alliance confirmed the partner's new-logo claim`,
        }
      : {
          isNewLogo: false,
          basis: 'CLAIM',
          reason: `the buyer is linked to no customer, so its agreements cannot tell whether it is a new logo, and no partner claimed it`,
        };
  }
  const own = facts.agreement;
  const before = facts.others
    .filter((other) => other.agreementId !== own.agreementId && precedes(other, own))
    .sort((a, b) => (precedes(a, b) ? -1 : 1));
  if (before.length > 0) {
    const first = before[0];
    return {
      isNewLogo: false,
      basis: 'AGREEMENTS',
      reason:
        `customer ${facts.customerId} is not a new logo for ${product}: ${claim}but its agreement ${first.agreementId} ` +
        `started ${first.startsAt.toISOString()}, before this one (${own.startsAt.toISOString()})`,
    };
  }
  const paid = facts.others.find((other) => other.agreementId !== own.agreementId && other.newLogoPaid);
  if (paid) {
    return {
      isNewLogo: false,
      basis: 'AGREEMENTS',
      reason:
        `the new-logo kicker for customer ${facts.customerId} and ${product} was already paid on agreement ${paid.agreementId}, ` +
        `credited before this earlier-starting one was heard of; it is paid once and not moved`,
    };
  }
  return {
    isNewLogo: true,
    basis: 'AGREEMENTS',
    reason:
      `customer ${facts.customerId} is a new logo for ${product}: no agreement of theirs for it starts before ` +
      `${own.startsAt.toISOString()}${facts.claimed ? ' (as the partner claimed)' : ''}`,
  };
}

/**
 * The decision with the new-logo verdict in its reason when it pays no kicker,
 * so a partner whose claim was contradicted reads why in the decision record.
 */
export function explainNewLogo(decision: AttributionDecision, verdict: NewLogoVerdict): AttributionDecision {
  if (decision.winner !== 'PARTNER' || verdict.isNewLogo) return decision;
  return { ...decision, reason: `${decision.reason}; no new-logo kicker: ${verdict.reason}` };
}

function precedes(a: { agreementId: string; startsAt: Date }, b: { agreementId: string; startsAt: Date }): boolean {
  const diff = a.startsAt.getTime() - b.startsAt.getTime();
  return diff < 0 || (diff === 0 && a.agreementId < b.agreementId);
}
