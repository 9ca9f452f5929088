import { HttpStatus, Injectable } from '@nestjs/common';
import { AttributionConflictRepository, DealRegistrationRepository, EngagementRulesRepository, PrismaService } from '@bridge/database';
import { attributeRevenue, parseDecimalToMinor } from '@bridge/domain';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { AuditTrail } from '../audit/audit-trail.service';
import { DEFAULT_REGISTRATION_DAYS, type RegisterDealInput } from './deal.schemas';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deal registration: a partner registers an opportunity, sales ops approve
 * or reject it, and it lapses at its expiry. Approving runs the rules of
 * engagement on the customer as it stands, so a clash with another partner
 * or with direct sales is listed for sales ops before any money arrives.
 * Each registration and decision commits with its audit entry, or not at all.
 */
@Injectable()
export class DealRegistrationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly deals: DealRegistrationRepository,
    private readonly rules: EngagementRulesRepository,
    private readonly conflicts: AttributionConflictRepository,
    private readonly audit: AuditTrail,
  ) {}

  async register(principal: Principal, input: RegisterDealInput, now = new Date()) {
    const partnerId = principal.role === 'PARTNER' ? principal.partnerId : input.partnerId;
    if (principal.role === 'PARTNER' && input.partnerId && input.partnerId !== principal.partnerId) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'a partner registers deals for itself only');
    }
    if (!partnerId) throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'required when staff register a deal for a partner');
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_REGISTRATION_DAYS * DAY_MS);
    if (expiresAt <= now) throw ApiError.field(HttpStatus.BAD_REQUEST, 'expiresAt', 'must be in the future');
    let estimatedValueMinor: bigint;
    try {
      estimatedValueMinor = parseDecimalToMinor(input.estimatedValue, input.currency);
    } catch (error) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'estimatedValue', (error as Error).message);
    }
    await this.assertExists(partnerId, input.customerId, input.listingId);
    return this.prisma.$transaction(async (tx) => {
      const deal = await this.deals.create(
        {
          partnerId,
          customerId: input.customerId,
          listingId: input.listingId,
          engagement: input.engagement,
          estimatedValueMinor,
          currency: input.currency,
          expiresAt,
          isNewLogo: input.isNewLogo,
          isLegacyMigration: input.isLegacyMigration,
        },
        tx,
      );
      await this.audit.record(principal, 'deal.registered', 'deal_registration', deal.id, null, { engagement: deal.engagement }, tx);
      return deal;
    });
  }

  /**
   * Approves several registrations at one instant (sales ops clearing a
   * queue). Registrations of one customer approved together tie under "first
   * approved wins", and the rules then hand the tie to sales ops as a conflict.
   */
  async approveMany(principal: Principal, ids: string[], reason: string | null, now = new Date()) {
    for (const id of ids) {
      const deal = await this.deals.find(null, id);
      if (!deal) throw ApiError.notFound(`deal registration ${id}`);
      if (deal.status !== 'PENDING' || deal.expiresAt <= now)
        throw ApiError.field(HttpStatus.CONFLICT, 'ids', `registration ${id} is not pending; nothing was approved`);
    }
    const decided = [];
    for (const id of ids) decided.push(await this.decide(principal, id, 'APPROVED', reason, now));
    return decided;
  }

  async decide(principal: Principal, id: string, status: 'APPROVED' | 'REJECTED', reason: string | null, now = new Date()) {
    const existing = await this.deals.find(null, id);
    if (!existing) throw ApiError.notFound(`deal registration ${id}`);
    const decided = await this.prisma.$transaction(async (tx) => {
      const row = await this.deals.decide(id, status, principal.actor, reason, now, tx);
      if (row) await this.audit.record(principal, `deal.${status.toLowerCase()}`, 'deal_registration', id, reason, {}, tx);
      return row;
    });
    if (!decided) {
      throw ApiError.field(
        HttpStatus.CONFLICT,
        'status',
        `the registration is ${existing.status.toLowerCase()}${existing.status === 'PENDING' ? ' but past its expiry' : ''}; only a pending one can be decided`,
      );
    }
    if (status === 'APPROVED') await this.previewConflicts(decided.customerId, decided.listingId, now);
    return decided;
  }

  /** Runs the rules as if the customer bought now, and lists what they cannot settle. */
  private async previewConflicts(customerId: string, listingId: string | null, now: Date): Promise<void> {
    const { customer, registrations } = await this.deals.customerFacts(customerId);
    if (!customer) return;
    const { rules } = await this.rules.current([customerId]);
    const decision = attributeRevenue(
      {
        kind: 'PURCHASE',
        cloud: 'AWS',
        sourceRef: `registration-preview:${customerId}`,
        customerId,
        listingId,
        amountMinor: 0n,
        currency: 'USD',
        occurredAt: now,
        resellerPartnerId: null,
        customerIsStrategic: customer.strategic,
      },
      registrations,
      rules,
    );
    await this.conflicts.open({ subjectKey: `customer:${customerId}:${listingId ?? 'all'}`, customerId, listingId }, decision.conflicts);
  }

  private async assertExists(partnerId: string, customerId: string, listingId: string | null) {
    const { partner, customer, listing } = await this.deals.whichExist(partnerId, customerId, listingId);
    if (!partner) throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'no such partner');
    if (!customer) throw ApiError.field(HttpStatus.BAD_REQUEST, 'customerId', 'no such customer');
    if (!listing) throw ApiError.field(HttpStatus.BAD_REQUEST, 'listingId', 'no such listing');
  }
}
