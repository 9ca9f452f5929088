import { minorUnitsOf } from './currency.catalog';
import { parseScaledDecimal } from './decimal.parser';
import { divideRounded, type RoundingMode } from './rounding.mode';

/**
 * quantity x unit price, in minor units. Marketplace usage prices go below a
 * cent ("0.0125" USD per unit), so the product is computed on the exact
 * scaled integers and rounded once, at the end, half-even by default:
 * 3 units at 0.0125 = 0.0375 USD -> 4 cents; 2 units = 0.025 -> 2 cents.
 */
export function multiplyDecimalPrice(quantity: bigint, unitPrice: string, currency: string, rounding: RoundingMode = 'HALF_EVEN'): bigint {
  const exponent = minorUnitsOf(currency);
  const price = parseScaledDecimal(unitPrice);
  return divideRounded(quantity * price.digits * 10n ** BigInt(exponent), 10n ** BigInt(price.scale), rounding);
}
