import { createHash } from 'node:crypto';

/** A listing's content as both sides can state it: what drift is measured on. */
export interface ListingContent {
  title: string;
  dimensions: { key: string; name: string; unit: string; price: string | null; currency: string }[];
}

/** "0.100000" and "0.1" are the same price. */
export function canonicalDecimal(value: string | null): string | null {
  if (value === null) return null;
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole.replace(/^0+(?=\d)/, '')}${trimmed ? `.${trimmed}` : ''}`;
}

export function normalize(content: ListingContent): ListingContent {
  return {
    title: content.title.trim(),
    dimensions: [...content.dimensions].map((d) => ({ ...d, price: canonicalDecimal(d.price) })).sort((a, b) => a.key.localeCompare(b.key)),
  };
}

export const contentHash = (content: ListingContent) =>
  createHash('sha256')
    .update(JSON.stringify(normalize(content)))
    .digest('hex');

export type DriftDecision =
  | { action: 'IN_SYNC' }
  | { action: 'IMPORT'; reason: string }
  | { action: 'PUSH'; reason: string }
  | { action: 'CONFLICT'; differences: string[] };

/**
 * Who changed what since the last agreed state: only the marketplace
 * (import its version), only the product (push ours), or both (a conflict
 * for the alliance team to settle; nothing is overwritten).
 */
export function decideDrift(local: ListingContent | null, marketplace: ListingContent, syncedHash: string | null): DriftDecision {
  if (!local || syncedHash === null) return { action: 'IMPORT', reason: 'first import' };
  const [l, m] = [contentHash(local), contentHash(marketplace)];
  if (l === m) return { action: 'IN_SYNC' };
  if (l === syncedHash) return { action: 'IMPORT', reason: 'changed in the marketplace' };
  if (m === syncedHash) return { action: 'PUSH', reason: 'changed in the product' };
  return { action: 'CONFLICT', differences: differences(local, marketplace) };
}

export function differences(local: ListingContent, marketplace: ListingContent): string[] {
  const [l, m] = [normalize(local), normalize(marketplace)];
  const out: string[] = [];
  if (l.title !== m.title) out.push(`title: product "${l.title}", marketplace "${m.title}"`);
  const keys = new Set([...l.dimensions.map((d) => d.key), ...m.dimensions.map((d) => d.key)]);
  for (const key of [...keys].sort()) {
    const a = l.dimensions.find((d) => d.key === key);
    const b = m.dimensions.find((d) => d.key === key);
    if (!a) out.push(`dimension ${key}: only in the marketplace`);
    else if (!b) out.push(`dimension ${key}: only in the product`);
    else {
      for (const field of ['name', 'unit', 'price'] as const) {
        if (a[field] !== b[field]) out.push(`dimension ${key} ${field}: product ${String(a[field])}, marketplace ${String(b[field])}`);
      }
    }
  }
  return out;
}
