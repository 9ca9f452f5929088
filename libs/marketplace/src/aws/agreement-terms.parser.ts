/**
 * What an AWS agreement includes per dimension, from its accepted terms as
 * GetAgreementTerms returns them (each item a union with one key naming the
 * term): a ConfigurableUpfrontPricingTerm's `configuration.dimensions` are the
 * units the buyer chose (`dimensionValue`); a FixedUpfrontPricingTerm's
 * `grants` are the units the fixed price grants (`maxQuantity`). Rate cards
 * are prices on offer, not quantities bought, so they are not read. Quantities
 * are whole units (the page types them Integer), kept as decimal strings.
 */
export function includedQuantitiesOf(acceptedTerms: readonly unknown[]): Record<string, string> {
  const included = new Map<string, bigint>();
  const add = (dimension: unknown, quantity: unknown) => {
    if (typeof dimension !== 'string' || dimension.length === 0) return;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) return;
    // Two terms granting the same dimension (a fixed grant and a chosen quantity) add up: the buyer has both.
    included.set(dimension, (included.get(dimension) ?? 0n) + BigInt(quantity));
  };
  for (const term of acceptedTerms) {
    if (!term || typeof term !== 'object') continue;
    const { configurableUpfrontPricingTerm: configurable, fixedUpfrontPricingTerm: fixed } = term as {
      configurableUpfrontPricingTerm?: { configuration?: { dimensions?: { dimensionKey?: unknown; dimensionValue?: unknown }[] } };
      fixedUpfrontPricingTerm?: { grants?: { dimensionKey?: unknown; maxQuantity?: unknown }[] };
    };
    for (const d of configurable?.configuration?.dimensions ?? []) add(d.dimensionKey, d.dimensionValue);
    for (const g of fixed?.grants ?? []) add(g.dimensionKey, g.maxQuantity);
  }
  return Object.fromEntries([...included.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([d, q]) => [d, q.toString()]));
}
