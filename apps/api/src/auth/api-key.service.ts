import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { PrismaService, type ApiRole } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';
import { AuditTrail } from '../audit/audit-trail.service';
import { ApiKeyCache, type CachedKey } from './api-key.cache';
import { ApiKeyRepository } from './api-key.repository';
import { principalOfKey, type Principal } from './principal';

const LAST_USED_RESOLUTION_MS = 60_000;

/** Keys are random, shown once, and stored only as their SHA-256. Issuing and revoking commit with their audit entry. */
@Injectable()
export class ApiKeyService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly cache: ApiKeyCache;

  constructor(
    private readonly prisma: PrismaService,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cache = new ApiKeyCache(config.API_KEY_CACHE_SECONDS * 1000);
  }

  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.BOOTSTRAP_ADMIN_API_KEY;
    if (!key) return;
    const stored = await this.keys.ensureBootstrapAdmin(hashKey(key), key.slice(0, 8));
    if (stored.revokedAt) {
      this.logger.warn(
        `BOOTSTRAP_ADMIN_API_KEY was revoked at ${stored.revokedAt.toISOString()} and stays revoked: remove it from the configuration, or set a new one`,
      );
      return;
    }
    this.logger.log('bootstrap admin API key is active');
  }

  /**
   * Null for an unknown or revoked key; throws 403 for a PARTNER key without
   * a partner (see principalOfKey). A key found live is remembered for
   * API_KEY_CACHE_SECONDS (ApiKeyCache: the bound on a revocation made
   * elsewhere); `fresh` asks the database whatever is remembered, for what
   * stores the key's id (a dashboard session).
   */
  async authenticate(key: string, options: { fresh?: boolean } = {}): Promise<Principal | null> {
    const keyHash = hashKey(key);
    let known = options.fresh ? undefined : this.cache.get(keyHash);
    if (!known) {
      const found = await this.keys.findActiveByHash(keyHash);
      if (!found) return null;
      known = { principal: principalOfKey(found), lastUsedAt: found.lastUsedAt };
      this.cache.set(keyHash, known);
    }
    await this.noteUse(known);
    return known.principal;
  }

  /** The key's caller when it was found live less than API_KEY_CACHE_SECONDS ago, without asking the database; else undefined. */
  remembered(key: string): Principal | undefined {
    return this.cache.get(hashKey(key))?.principal;
  }

  /** Last use at minute resolution: one write a minute per key, not one per request. */
  private async noteUse(known: CachedKey, now = new Date()): Promise<void> {
    if (known.lastUsedAt && now.getTime() - known.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return;
    // Noted before the write, so the key's concurrent requests write it once.
    known.lastUsedAt = now;
    await this.keys.touch(known.principal.keyId, now);
  }

  list(filter: { role?: ApiRole; partnerId?: string }, page: PageArgs) {
    return this.keys.list(filter, page);
  }

  /**
   * Takes effect on this process's next request (it forgets the key once the
   * revocation commits), and on other API processes within
   * API_KEY_CACHE_SECONDS. Null when there is no such key.
   */
  async revoke(principal: Principal, id: string) {
    const revoked = await this.prisma.$transaction(async (tx) => {
      const revoked = await this.keys.revoke(id, new Date(), tx);
      if (revoked)
        await this.audit.record(principal, 'api-key.revoked', 'api_key', id, null, { prefix: revoked.prefix, role: revoked.role }, tx);
      return revoked;
    });
    this.cache.forgetKeyId(id);
    return revoked;
  }

  issue(principal: Principal, input: { name: string; role: ApiRole; partnerId: string | null }) {
    const key = `mpb_${randomBytes(24).toString('base64url')}`;
    return this.prisma.$transaction(async (tx) => {
      const created = await this.keys.create({ ...input, keyHash: hashKey(key), prefix: key.slice(0, 8) }, tx);
      await this.audit.record(
        principal,
        'api-key.issued',
        'api_key',
        created.id,
        null,
        { name: created.name, role: created.role, partnerId: created.partnerId },
        tx,
      );
      return { id: created.id, name: created.name, role: created.role, partnerId: created.partnerId, key };
    });
  }
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
