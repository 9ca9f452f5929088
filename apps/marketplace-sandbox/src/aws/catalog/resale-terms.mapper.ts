/**
 * A channel offer starts with its resale authorization's terms as offer
 * terms ("Terms and rules from ResaleAuthorization", developer guide, Work
 * with channel partner private offers): Resale*PricingTerm and
 * ResalePaymentScheduleTerm become their offer types and BuyerLegalTerm the
 * offer's LegalTerm. UpdateMarkup adds a percentage to every price.
 */
const OFFER_TYPE: Record<string, string> = {
  ResaleUsageBasedPricingTerm: 'UsageBasedPricingTerm',
  ResaleConfigurableUpfrontPricingTerm: 'ConfigurableUpfrontPricingTerm',
  ResaleFixedUpfrontPricingTerm: 'FixedUpfrontPricingTerm',
  ResalePaymentScheduleTerm: 'PaymentScheduleTerm',
  BuyerLegalTerm: 'LegalTerm',
};

/** Decimal prices scaled to integers, so a markup never rounds through floating point. */
const SCALE = 8;
function markUp(price: unknown, percent: string): string {
  const [whole, fraction = ''] = String(price).split('.');
  const places = fraction.length;
  const units = BigInt(whole + fraction) * 10n ** BigInt(SCALE - places);
  const [pw, pf = ''] = percent.split('.');
  const pct = BigInt(pw + pf.padEnd(9, '0')); // percent × 10^9
  const marked = (units * (100n * 10n ** 9n + pct)) / (100n * 10n ** 9n);
  const text = marked.toString().padStart(SCALE + 1, '0');
  const out = `${text.slice(0, -SCALE)}.${text.slice(-SCALE)}`.replace(/0+$/, '');
  const minimum = Math.max(places, 2);
  const [ow, of = ''] = out.split('.');
  return `${ow}.${of.padEnd(minimum, '0')}`;
}

function markedCard(card: Record<string, unknown>, percent: string): Record<string, unknown> {
  return {
    ...card,
    RateCard: ((card.RateCard ?? []) as Record<string, unknown>[]).map((r) => ({ ...r, Price: markUp(r.Price, percent) })),
  };
}

export function offerTermsFromResaleAuthorization(raDetails: Record<string, unknown>, markupPercent: string): Record<string, unknown>[] {
  return ((raDetails.Terms ?? []) as Record<string, unknown>[])
    .filter((t) => OFFER_TYPE[String(t.Type)])
    .map((t) => {
      const { Id: _id, Duration: _duration, ...rest } = t;
      const term: Record<string, unknown> = { ...rest, Type: OFFER_TYPE[String(t.Type)] };
      if (Array.isArray(term.RateCards))
        term.RateCards = (term.RateCards as Record<string, unknown>[]).map((c) => markedCard(c, markupPercent));
      if (Array.isArray(term.Schedule))
        term.Schedule = (term.Schedule as Record<string, unknown>[]).map((s) => ({
          ...s,
          ChargeAmount: markUp(s.ChargeAmount, markupPercent),
        }));
      if (term.Type === 'FixedUpfrontPricingTerm') term.Price = markUp(term.Price, markupPercent);
      return term;
    });
}
