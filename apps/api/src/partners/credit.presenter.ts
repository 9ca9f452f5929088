import type { PageInfo } from '@bridge/pagination';
import { presentAmount } from '../http/money.presenter';
import type { CreditLineView, CreditsPage } from './partner.schemas';

interface CreditRow {
  id: string;
  source: string;
  engagement: string;
  shareBps: number;
  amountMinor: bigint;
  currency: string;
  reason: string;
  occurredAt: Date;
  createdAt: Date;
  agreement: { marketplaceAgreementId: string; cloud: string } | null;
}

interface TotalRow {
  currency: string;
  engagement: string;
  amount_minor: bigint;
  lines: bigint;
}

/** A page of a partner's ledger; `totals` cover every line of the filtered period, not just this page. */
export function presentCredits(partnerId: string, entries: CreditRow[], totals: TotalRow[], page: PageInfo): CreditsPage {
  return {
    partnerId,
    totals: totals.map((t) => ({
      engagement: t.engagement,
      ...presentAmount(t.amount_minor, t.currency),
      lines: Number(t.lines),
    })),
    entries: entries.map(presentCredit),
    page,
  };
}

export function presentCredit(e: CreditRow): CreditLineView {
  return {
    id: e.id,
    source: e.source,
    engagement: e.engagement,
    shareBps: e.shareBps,
    ...presentAmount(e.amountMinor, e.currency),
    reason: e.reason,
    cloud: e.agreement?.cloud ?? null,
    agreementId: e.agreement?.marketplaceAgreementId ?? null,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.createdAt.toISOString(),
  };
}
export { presentAmount } from '../http/money.presenter';
