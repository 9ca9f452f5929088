import { ApiKeyCache } from './api-key.cache';
import type { Principal } from './principal';

const principal = (keyId: string): Principal => ({ keyId, actor: `api-key:${keyId}`, role: 'ADMIN', partnerId: null });

describe('the API key cache', () => {
  it('answers a key for ttl from its lookup, then never again until it is looked up anew', () => {
    const cache = new ApiKeyCache(5000);
    cache.set('h1', { principal: principal('k1'), lastUsedAt: null }, 1000);
    expect(cache.get('h1', 1000)?.principal.keyId).toBe('k1');
    expect(cache.get('h1', 5999)?.principal.keyId).toBe('k1');
    expect(cache.get('h1', 6000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a key revoked through this process at once, and only that key', () => {
    const cache = new ApiKeyCache(60_000);
    cache.set('h1', { principal: principal('k1'), lastUsedAt: null }, 0);
    cache.set('h2', { principal: principal('k2'), lastUsedAt: null }, 0);
    cache.forgetKeyId('k1');
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)?.principal.keyId).toBe('k2');
  });

  it('holds at most maxEntries keys, dropping the oldest lookup first', () => {
    const cache = new ApiKeyCache(60_000, 2);
    cache.set('h1', { principal: principal('k1'), lastUsedAt: null }, 0);
    cache.set('h2', { principal: principal('k2'), lastUsedAt: null }, 1);
    cache.set('h1', { principal: principal('k1'), lastUsedAt: null }, 2); // looked up again: now the newest
    cache.set('h3', { principal: principal('k3'), lastUsedAt: null }, 3);
    expect(cache.size).toBe(2);
    expect(cache.get('h2', 4)).toBeUndefined();
    expect(cache.get('h1', 4)?.principal.keyId).toBe('k1');
    expect(cache.get('h3', 4)?.principal.keyId).toBe('k3');
  });

  it('remembers nothing with a ttl of 0 (every request looks its key up)', () => {
    const cache = new ApiKeyCache(0);
    cache.set('h1', { principal: principal('k1'), lastUsedAt: null }, 0);
    expect(cache.get('h1', 0)).toBeUndefined();
  });
});
