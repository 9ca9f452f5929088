import { createHash, randomInt, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Random lowercase alphanumerics, the alphabet AWS uses for agreement and offer ids. */
export function randomAlphanumeric(length: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function randomHex(length: number): string {
  return randomAlphanumeric(length, HEX);
}

export function randomDigits(length: number): string {
  return randomAlphanumeric(length, '0123456789');
}

export function uuid(): string {
  return randomUUID();
}

/**
 * A UUID-shaped id derived from a key, so the same business key always gets
 * the same id (MeteringRecordId per customer, dimension and hour).
 */
export function stableUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
