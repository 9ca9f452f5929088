import { formatMinor } from '@bridge/domain';

/** "$12,000.00"-style text for people: grouped digits and the currency code; exact from bigint. */
export const money = (minor: bigint | null | undefined, currency: string | null | undefined) =>
  minor === null || minor === undefined || !currency ? '—' : `${formatMinor(minor, currency, { grouped: true })} ${currency}`;

export const bps = (value: number) => `${(value / 100).toFixed(1)}%`;

export const day = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : '—');
