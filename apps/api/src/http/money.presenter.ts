import { formatMinor } from '@bridge/domain';
import type { Money } from './response.schemas';

/**
 * Money leaves the API twice: exact integer minor units as a string (JSON
 * numbers cannot hold every bigint) and the decimal amount people read.
 */
export const presentAmount = (amountMinor: bigint, currency: string): Money => ({
  amountMinor: amountMinor.toString(),
  amount: formatMinor(amountMinor, currency),
  currency,
});
