import { Injectable } from '@nestjs/common';
import { listOrder, type PageArgs } from '@bridge/pagination';
import {
  changeProblemsOf,
  parsedOfferTerms,
  parsedResaleAuthorization,
  Prisma,
  PrismaService,
  storedChanges,
  type ChangeSetPurpose,
  type Cloud,
  type OfferUpdateOnSuccess,
} from '@bridge/database';
import type { CatalogChange } from '@bridge/marketplace';

export interface ChangeSetRequest {
  /** The catalog it goes to: AWS unless said. */
  cloud?: Cloud;
  purpose: ChangeSetPurpose;
  lockKey: string;
  sellerAccountId: string | null;
  name: string;
  changes: CatalogChange[];
  onSuccess?: OfferUpdateOnSuccess;
  reason: string | null;
}

const OFFER_INCLUDE = {
  terms: { include: { resaleGrant: { select: { id: true, marketplaceId: true, resellerPartnerId: true } } } },
  listing: { select: { id: true, productId: true, title: true, dimensions: { select: { key: true, unit: true } } } },
  replacesAgreement: { select: { id: true, marketplaceAgreementId: true, status: true, cloud: true } },
} as const;

export const OFFERS_ORDER = listOrder('offers', [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);

/** An offer's audit trail runs oldest first; the id breaks ties between entries of one instant. */
export const OFFER_AUDIT_ORDER = listOrder('offer-audit', [
  { field: 'at', direction: 'asc', type: 'date' },
  { field: 'id', direction: 'asc', type: 'uuid' },
]);

export type OfferRow = NonNullable<Awaited<ReturnType<OfferRepository['find']>>>;

/** A private or channel offer drafted through the product: its terms were recorded with it. */
export type DraftedOffer = OfferRow & { terms: NonNullable<OfferRow['terms']> };

export function isDrafted(offer: OfferRow): offer is DraftedOffer {
  return offer.terms !== null;
}

/**
 * Offers are partner-owned: every read and change takes the caller's scope
 * (a partner id, or null for staff), and an offer outside it is not found.
 */
@Injectable()
export class OfferRepository {
  constructor(private readonly prisma: PrismaService) {}

  listing(id: string) {
    return this.prisma.listing.findUnique({ where: { id }, include: { dimensions: true } });
  }

  /** The AWS listing of a marketplace product, as an agreement names it. */
  listingOfProduct(productId: string) {
    return this.prisma.listing.findUnique({ where: { cloud_productId: { cloud: 'AWS', productId } }, include: { dimensions: true } });
  }

  /** A recorded agreement, with the partner whose seller account proposed it (the reseller of a channel agreement). */
  async agreement(id: string) {
    const agreement = await this.prisma.agreement.findUnique({ where: { id }, include: { offer: { select: { partnerId: true } } } });
    if (!agreement) return null;
    const proposer = await this.prisma.partnerCloudAccount.findUnique({
      where: { cloud_accountId: { cloud: agreement.cloud, accountId: agreement.proposerAccountId } },
      select: { partnerId: true },
    });
    return { ...agreement, proposerPartnerId: proposer?.partnerId ?? null };
  }

  /** The partner's seller account on a cloud (an AWS account id, or its Partner Center id on Azure), with its name. */
  partnerAccount(partnerId: string, cloud: Cloud) {
    return this.prisma.partnerCloudAccount.findFirst({
      where: { partnerId, cloud },
      select: { accountId: true, partner: { select: { name: true } } },
    });
  }

  partnerExists(partnerId: string) {
    return this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true } });
  }

  /** A resale authorization as its reseller (scope) or staff (null) may see it. */
  async resaleAuthorization(scope: string | null, id: string) {
    const row = await this.prisma.resaleAuthorization.findFirst({
      where: { id, ...(scope ? { resellerPartnerId: scope } : {}) },
      include: { listing: { include: { dimensions: true } } },
    });
    return row && parsedResaleAuthorization(row);
  }

  /** One page of resale authorizations; `page` from @bridge/pagination's findPage. */
  async listResaleAuthorizations(scope: string | null, page: PageArgs) {
    const rows = await this.prisma.resaleAuthorization.findMany({
      where: { ...(scope ? { resellerPartnerId: scope } : {}), ...page.after },
      orderBy: page.orderBy,
      take: page.take,
    });
    return rows.map(parsedResaleAuthorization);
  }

  async find(scope: string | null, id: string) {
    const row = await this.prisma.offer.findFirst({ where: { id, ...(scope ? { partnerId: scope } : {}) }, include: OFFER_INCLUDE });
    return row && withParsedTerms(row);
  }

  async createDraft(offer: Prisma.OfferUncheckedCreateInput, terms: Omit<Prisma.OfferTermsUncheckedCreateInput, 'offerId'>, actor: string) {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.offer.create({ data: { ...offer, terms: { create: terms } } });
      await tx.auditEntry.create({
        data: {
          actor,
          action: 'offer.drafted',
          entityType: 'offer',
          entityId: created.id,
          reason: null,
          data: { kind: created.kind, partnerId: created.partnerId },
        },
      });
      return created.id;
    });
  }

  /** Edits a draft (or a failed offer) in place: nothing has reached the marketplace. */
  async updateDraft(id: string, offer: Prisma.OfferUpdateInput, terms: Prisma.OfferTermsUpdateInput, actor: string, reason: string | null) {
    await this.prisma.$transaction(async (tx) => {
      await tx.offer.update({ where: { id }, data: { ...offer, terms: { update: terms } } });
      await tx.auditEntry.create({ data: { actor, action: 'offer.draft-edited', entityType: 'offer', entityId: id, reason } });
    });
  }

  /**
   * Moves the offer from one of `from` to `to` and records the change set
   * that will carry it, in one transaction: a second publish of the same
   * draft finds it PUBLISHING and records nothing.
   */
  async transitionWithChangeSet(
    id: string,
    from: Prisma.OfferWhereInput['state'],
    to: Prisma.OfferUpdateInput['state'] | undefined,
    request: ChangeSetRequest,
    audit: { actor: string; action: string },
  ): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM offer WHERE id = ${id}::uuid FOR UPDATE`;
      const offer = await tx.offer.findFirst({ where: { id, state: from }, select: { id: true } });
      if (!offer) return null;
      if (to) await tx.offer.update({ where: { id }, data: { state: to } });
      const changeSet = await this.recordChangeSet(tx, 'offer', id, request, audit.actor);
      await tx.auditEntry.create({
        data: {
          actor: audit.actor,
          action: audit.action,
          entityType: 'offer',
          entityId: id,
          reason: request.reason,
          data: { changeSetId: changeSet },
        },
      });
      return changeSet;
    });
  }

  async createResaleAuthorization(
    data: Prisma.ResaleAuthorizationUncheckedCreateInput,
    request: (id: string) => ChangeSetRequest,
    actor: string,
  ) {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.resaleAuthorization.create({ data: { ...data, state: 'PUBLISHING' } });
      const changeSetId = await this.recordChangeSet(tx, 'resale-authorization', created.id, request(created.id), actor);
      await tx.auditEntry.create({
        data: {
          actor,
          action: 'resale-authorization.granted',
          entityType: 'resale-authorization',
          entityId: created.id,
          reason: null,
          data: { changeSetId, resellerPartnerId: data.resellerPartnerId },
        },
      });
      return { id: created.id, changeSetId };
    });
  }

  private async recordChangeSet(
    tx: Prisma.TransactionClient,
    subjectType: string,
    subjectId: string,
    r: ChangeSetRequest,
    actor: string,
  ): Promise<string> {
    const row = await tx.catalogChangeSet.create({
      data: {
        cloud: r.cloud ?? 'AWS',
        purpose: r.purpose,
        subjectType,
        subjectId,
        lockKey: r.lockKey,
        sellerAccountId: r.sellerAccountId,
        name: r.name,
        changes: storedChanges(r.changes),
        onSuccess: r.onSuccess ?? Prisma.DbNull,
        createdBy: actor,
        reason: r.reason,
      },
    });
    return row.id;
  }

  async changeSets(subjectType: string, subjectId: string) {
    const rows = await this.prisma.catalogChangeSet.findMany({
      where: { subjectType, subjectId },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        purpose: true,
        status: true,
        marketplaceChangeSetId: true,
        failureCode: true,
        errors: true,
        lastSubmitError: true,
        createdAt: true,
        finishedAt: true,
      },
    });
    return rows.map((row) => ({ ...row, errors: changeProblemsOf(row) }));
  }

  /** A page of an entity's audit trail, oldest first (the audit_entry (entity_type, entity_id, at, id) index). */
  audit(entityType: string, entityId: string, page: PageArgs) {
    return this.prisma.auditEntry.findMany({ where: { entityType, entityId, ...page.after }, orderBy: page.orderBy, take: page.take });
  }
}

function withParsedTerms<T extends { terms: Parameters<typeof parsedOfferTerms>[0] | null }>(row: T) {
  return { ...row, terms: row.terms && parsedOfferTerms(row.terms) };
}
