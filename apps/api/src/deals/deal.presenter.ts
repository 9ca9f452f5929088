import { presentAmount } from '../http/money.presenter';
import type { DealView } from './deal.schemas';

/** A registration as the presenter takes it: the Prisma model's fields, or the list's SQL aliased to them. */
export interface DealRow {
  id: string;
  partnerId: string;
  customerId: string;
  listingId: string | null;
  engagement: string;
  status: string;
  estimatedValueMinor: bigint;
  currency: string;
  isNewLogo: boolean;
  isLegacyMigration: boolean;
  registeredAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  expiresAt: Date;
}

export function presentDeal(deal: DealRow): DealView {
  return {
    id: deal.id,
    partnerId: deal.partnerId,
    customerId: deal.customerId,
    listingId: deal.listingId,
    engagement: deal.engagement,
    status: deal.status,
    estimatedValue: presentAmount(deal.estimatedValueMinor, deal.currency),
    isNewLogo: deal.isNewLogo,
    isLegacyMigration: deal.isLegacyMigration,
    registeredAt: deal.registeredAt.toISOString(),
    decidedAt: deal.decidedAt?.toISOString() ?? null,
    decidedBy: deal.decidedBy,
    decisionReason: deal.decisionReason,
    expiresAt: deal.expiresAt.toISOString(),
  };
}
