import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';

const FETCH_TIMEOUT_MS = 5000;
const CACHE_TTL_MS = 3_600_000;
/** An unknown kid refetches the set (keys rotate), but not more often than this: forged kids cannot make us hammer the endpoint. */
const REFETCH_MIN_INTERVAL_MS = 60_000;

interface KeySet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

export class KeySetUnavailableError extends Error {}

/** The RSA signing keys (JWKS) that sign Azure webhook tokens, fetched once and cached for an hour. */
@Injectable()
export class JwksCache {
  private readonly sets = new Map<string, Promise<KeySet>>();

  async key(jwksUrl: string, kid: string, now = Date.now()): Promise<KeyObject | undefined> {
    let set = await this.load(jwksUrl, now);
    if (!set.keys.has(kid) && now - set.fetchedAt >= REFETCH_MIN_INTERVAL_MS) set = await this.load(jwksUrl, now, true);
    return set.keys.get(kid);
  }

  private async load(url: string, now: number, refresh = false): Promise<KeySet> {
    const cached = this.sets.get(url);
    if (cached && !refresh) {
      const set = await cached.catch(() => undefined);
      if (set && now - set.fetchedAt < CACHE_TTL_MS) return set;
    }
    const loading = fetchKeySet(url, now);
    this.sets.set(url, loading);
    loading.catch(() => {
      if (this.sets.get(url) === loading) this.sets.delete(url);
    });
    return loading;
  }
}

async function fetchKeySet(url: string, now: number): Promise<KeySet> {
  let body: unknown;
  try {
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new KeySetUnavailableError(`signing keys could not be fetched: ${(error as Error).message}`);
  }
  const keys = new Map<string, KeyObject>();
  for (const jwk of (body as { keys?: unknown[] } | undefined)?.keys ?? []) {
    const candidate = jwk as { kid?: unknown; kty?: unknown; use?: unknown };
    if (typeof candidate.kid !== 'string' || candidate.kty !== 'RSA' || (candidate.use !== undefined && candidate.use !== 'sig')) continue;
    try {
      keys.set(candidate.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
    } catch {
      // A key we cannot read cannot verify anything; skip it.
    }
  }
  return { keys, fetchedAt: now };
}
