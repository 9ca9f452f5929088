import { Injectable } from '@nestjs/common';
import { offerUpdateOnSuccessOf, PrismaService, type Prisma } from '@bridge/database';
import { acceptedOfferValue } from '@bridge/domain';
import { describeProblems } from '../change-sets/change-set-outcome';
import type { ChangeSetRow, Finish } from '../change-sets/change-set.repository';

const ACTOR = 'private-offers';

/** What the end of a change set means for the offer or resale authorization it was about. */
@Injectable()
export class OfferOutcomeRepository {
  constructor(private readonly prisma: PrismaService) {}

  async apply(tx: Prisma.TransactionClient, row: ChangeSetRow, outcome: Finish): Promise<void> {
    const ok = outcome.status === 'SUCCEEDED';
    const why = ok
      ? `change set ${row.marketplaceChangeSetId ?? row.id} succeeded`
      : describeProblems(outcome.problems) || `change set ${outcome.status.toLowerCase()}`;
    const audit = (entityType: string, action: string, data: Record<string, unknown> = {}) =>
      tx.auditEntry.create({
        data: {
          actor: ACTOR,
          action,
          entityType,
          entityId: row.subjectId,
          reason: why,
          data: {
            changeSetId: row.id,
            marketplaceChangeSetId: row.marketplaceChangeSetId,
            requestedBy: row.createdBy,
            ...data,
          } as Prisma.InputJsonValue,
        },
      });

    switch (row.purpose) {
      case 'OFFER_PUBLISH':
        if (ok) {
          await tx.offer.updateMany({
            where: { id: row.subjectId, state: 'PUBLISHING' },
            data: { state: 'PUBLISHED', marketplaceOfferId: outcome.createdEntityId },
          });
          await audit('offer', 'offer.published', { marketplaceOfferId: outcome.createdEntityId });
        } else {
          await tx.offer.updateMany({ where: { id: row.subjectId, state: 'PUBLISHING' }, data: { state: 'FAILED' } });
          await audit('offer', 'offer.publish-failed', { problems: outcome.problems });
        }
        return;
      case 'OFFER_UPDATE': {
        if (ok) {
          const patch = offerUpdateOnSuccessOf(row);
          await tx.offer.updateMany({ where: { id: row.subjectId }, data: patch.offer });
          await tx.offerTerms.updateMany({ where: { offerId: row.subjectId }, data: patch.terms });
        }
        await audit(
          'offer',
          ok ? 'offer.updated' : 'offer.update-failed',
          ok ? { applied: row.onSuccess } : { problems: outcome.problems },
        );
        return;
      }
      case 'OFFER_EXPIRE':
        if (ok)
          await tx.offer.updateMany({
            where: { id: row.subjectId, state: { in: ['PUBLISHED', 'FAILED'] } },
            data: { state: 'EXPIRED', expiresAt: new Date() },
          });
        await audit('offer', ok ? 'offer.expired' : 'offer.expire-failed', ok ? {} : { problems: outcome.problems });
        return;
      case 'RESALE_AUTHORIZATION_PUBLISH':
        if (ok) {
          await tx.resaleAuthorization.updateMany({
            where: { id: row.subjectId, state: 'PUBLISHING' },
            data: { state: 'ACTIVE', marketplaceId: outcome.createdEntityId },
          });
        } else {
          await tx.resaleAuthorization.updateMany({ where: { id: row.subjectId, state: 'PUBLISHING' }, data: { state: 'FAILED' } });
        }
        await audit('resale-authorization', ok ? 'resale-authorization.activated' : 'resale-authorization.publish-failed', {
          marketplaceId: outcome.createdEntityId,
          problems: outcome.problems,
        });
        return;
      case 'LISTING_PUSH':
        await audit('listing', ok ? 'listing.pushed' : 'listing.push-failed', { problems: outcome.problems });
        return;
    }
  }

  /**
   * A buyer accepted one of our published offers (an AWS agreement, or an
   * Azure subscription bought through one of our private offers, recorded
   * with that offer's id): the offer shows ACCEPTED,
   * the agreement the attribution bridge recorded is linked to it, and the
   * offer is worth what its buyers agreed to pay (a second buyer's agreement
   * adds to the first). Every fact comes from the agreement recorded from
   * DescribeAgreement, never from the event: with no recorded agreement (the
   * read-back failed, or the marketplace does not know it) nothing moves. The
   * offer's row is locked first, so two buyers accepting at once are both counted.
   */
  async markAccepted(input: {
    cloud: 'AWS' | 'AZURE';
    marketplaceAgreementId: string;
    eventId: string;
  }): Promise<{ accepted: boolean; marketplaceOfferId: string; linkedAgreementId: string | null } | null> {
    return this.prisma.$transaction(async (tx) => {
      const agreement = await tx.agreement.findUnique({
        where: { cloud_marketplaceAgreementId: { cloud: input.cloud, marketplaceAgreementId: input.marketplaceAgreementId } },
        select: { id: true, marketplaceOfferId: true, acceptorAccountId: true, offerId: true },
      });
      if (!agreement) return null;
      const [offer] = await tx.$queryRaw<{ id: string; currency: string; contract_value_minor: bigint }[]>`
        SELECT id, currency, contract_value_minor FROM offer
        WHERE cloud = ${input.cloud}::"Cloud" AND marketplace_offer_id = ${agreement.marketplaceOfferId} FOR UPDATE`;
      if (!offer) return null;
      const linking = agreement.offerId === null;
      if (linking) await tx.agreement.update({ where: { id: agreement.id }, data: { offerId: offer.id } });
      const moved = await tx.offer.updateMany({ where: { id: offer.id, state: 'PUBLISHED' }, data: { state: 'ACCEPTED' } });
      const agreements = await tx.agreement.findMany({ where: { offerId: offer.id }, select: { valueMinor: true, currency: true } });
      const contractValueMinor = acceptedOfferValue({ currency: offer.currency, pricedValueMinor: offer.contract_value_minor }, agreements);
      await tx.offer.updateMany({ where: { id: offer.id, state: 'ACCEPTED' }, data: { contractValueMinor } });
      const linkedAgreementId = linking ? agreement.id : null;
      if (moved.count === 0) return { accepted: false, marketplaceOfferId: agreement.marketplaceOfferId, linkedAgreementId };
      await tx.auditEntry.create({
        data: {
          actor: ACTOR,
          action: 'offer.accepted',
          entityType: 'offer',
          entityId: offer.id,
          reason: `buyer account ${agreement.acceptorAccountId} accepted the offer (${input.cloud === 'AZURE' ? 'subscription' : 'agreement'} ${input.marketplaceAgreementId})`,
          data: { eventId: input.eventId, agreementId: input.marketplaceAgreementId },
        },
      });
      return { accepted: true, marketplaceOfferId: agreement.marketplaceOfferId, linkedAgreementId };
    });
  }

  /** Links an accepted offer's agreements that arrived before the offer was known (a lost hand-over); gives back their ids. */
  async linkAgreements(): Promise<string[]> {
    const linked = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE agreement a SET offer_id = o.id, updated_at = now() FROM offer o
      WHERE a.offer_id IS NULL AND o.marketplace_offer_id = a.marketplace_offer_id AND o.cloud = a.cloud
      RETURNING a.id::text AS id`;
    return linked.map((r) => r.id);
  }

  findOfferForCoSell(offerId: string) {
    return this.prisma.offer.findUnique({ where: { id: offerId }, select: { id: true, marketplaceOfferId: true, state: true } });
  }

  async recordOpportunity(offerId: string, opportunityId: string, actor: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.offerTerms.updateMany({ where: { offerId }, data: { opportunityId } }),
      this.prisma.auditEntry.create({
        data: {
          actor,
          action: 'offer.opportunity-linked',
          entityType: 'offer',
          entityId: offerId,
          reason: `linked to AWS Partner Central opportunity ${opportunityId}`,
          data: { opportunityId },
        },
      }),
    ]);
  }

  async recordOpportunityRefused(offerId: string, opportunityId: string, actor: string, why: string): Promise<void> {
    await this.prisma.auditEntry.create({
      data: {
        actor,
        action: 'offer.opportunity-link-failed',
        entityType: 'offer',
        entityId: offerId,
        reason: why,
        data: { opportunityId },
      },
    });
  }
}
