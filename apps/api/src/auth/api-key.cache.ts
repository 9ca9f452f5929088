import type { Principal } from './principal';

/** A key found live in the database, as remembered: who it makes, and when its last use was last written (updated in place). */
export interface CachedKey {
  principal: Principal;
  lastUsedAt: Date | null;
}

/**
 * Live API keys this process has looked up, by key hash, each for `ttlMs`
 * from its lookup: every request names its key, and looking it up in
 * PostgreSQL each time cost more than many reads themselves. Only keys found
 * live are remembered (an unknown key is looked up every time, so a key
 * issued a moment ago works at once and guessers are counted). A revocation
 * made through this process forgets the key at once (forgetKeyId); one made
 * by another API process or in the database takes effect here within
 * `ttlMs`, the bound API_KEY_CACHE_SECONDS states. At most `maxEntries` keys
 * are held; the oldest lookup goes first.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { key: CachedKey; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(keyHash: string, now = Date.now()): CachedKey | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.key;
  }

  set(keyHash: string, key: CachedKey, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(keyHash);
    this.entries.set(keyHash, { key, expiresAt: now + this.ttlMs });
    // A Map iterates in insertion order: the first entry is the oldest lookup.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets the key with this id (revoked through this process): its next request is looked up again. */
  forgetKeyId(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.key.principal.keyId === keyId) this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }
}
