import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { PrismaService, type ApiRole } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';
import { AuditTrail } from '../audit/audit-trail.service';
import { ApiKeyRepository } from './api-key.repository';
import { principalOfKey, type Principal } from './principal';

const LAST_USED_RESOLUTION_MS = 60_000;

/** Keys are random, shown once, and stored only as their SHA-256. Issuing and revoking commit with their audit entry. */
@Injectable()
export class ApiKeyService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  /** Null for an unknown or revoked key; throws 403 for a PARTNER key without a partner (see principalOfKey). */
  async authenticate(key: string): Promise<Principal | null> {
    const found = await this.keys.findActiveByHash(hashKey(key));
    if (!found) return null;
    const principal = principalOfKey(found);
    const now = new Date();
    // Last use at minute resolution: one write a minute per key, not one per request.
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.touch(found.id, now);
    }
    return principal;
  }

  list(filter: { role?: ApiRole; partnerId?: string }, page: PageArgs) {
    return this.keys.list(filter, page);
  }

  /** Takes effect on the next request: keys are looked up (not cached) on every call. Null when there is no such key. */
  revoke(principal: Principal, id: string) {
    return this.prisma.$transaction(async (tx) => {
      const revoked = await this.keys.revoke(id, new Date(), tx);
      if (revoked)
        await this.audit.record(principal, 'api-key.revoked', 'api_key', id, null, { prefix: revoked.prefix, role: revoked.role }, tx);
      return revoked;
    });
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
