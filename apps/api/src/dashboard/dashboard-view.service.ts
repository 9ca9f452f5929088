import { Injectable, Logger } from '@nestjs/common';
import { burndownSeries } from '@bridge/domain';
import { CursorError, decodeCursor } from '@bridge/pagination';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { mayAccess } from '../auth/role-table';
import { CommitmentRepository } from '../commitments/commitment.repository';
import { PartnerRepository } from '../partners/partner.repository';
import { CREDITS_NEWEST_FIRST, newestCreditsQuery } from '../partners/partner.schemas';
import { UsageViewService } from '../usage/usage-view.service';
import { DashboardRepository, OVERVIEW_COMMITMENTS_ORDER } from './dashboard.repository';

/** The overview's metering card covers this many hours back from the metering clock's now. */
const METERING_CARD_HOURS = 24;

/** Alerts the overview's metering card lists (newest first); the API pages through every one. */
const METERING_CARD_ALERTS = 20;

/** Commitments on one page of the overview's card (the next by its link): the page's cost stays that of a page as commitments grow. */
export const OVERVIEW_COMMITMENT_ROWS = 25;

/** Ledger lines on one page of a partner's dashboard page. */
const PARTNER_PAGE_ROWS = 100;

/** Roles that see across partners (everything but a partner's own key), each within ROLES_FOR. */
export const isStaff = (principal: Principal) => principal.role !== 'PARTNER';

/**
 * What each dashboard page shows, assembled from the product's repositories
 * and pure rules (the burn-down is the same calculation the API answers with).
 * A partner's key gets its own numbers only; another partner's page, and the
 * staff-only views, are "not found" to it. Each card and download is shown to
 * the roles the API gives the same data to (ROLES_FOR), and to no other.
 */
@Injectable()
export class DashboardViews {
  private readonly logger = new Logger(DashboardViews.name);

  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly partners: PartnerRepository,
    private readonly commitments: CommitmentRepository,
    private readonly usage: UsageViewService,
  ) {}

  async partnerName(principal: Principal): Promise<string | null> {
    if (!principal.partnerId) return null;
    return (await this.partners.findPartner(principal.partnerId, principal.partnerId))?.name ?? null;
  }

  /** `commitmentsCursor`: the commitments card's page (a cursor this page made; anything else is its first page). */
  async overview(principal: Principal, commitmentsCursor?: string) {
    const scope = partnerScopeOf(principal);
    const [leaderboard, pipeline] = await Promise.all([this.dashboard.leaderboard(scope), this.dashboard.offerPipeline(scope)]);
    const [commitments, metering, variances, parked] = await Promise.all([
      mayAccess(principal, 'commitments')
        ? this.dashboard.commitments(OVERVIEW_COMMITMENT_ROWS, commitmentsAfter(commitmentsCursor))
        : null,
      // undefined, not null: null is metering that cannot be read right now.
      mayAccess(principal, 'usage') ? this.metering() : undefined,
      mayAccess(principal, 'reconciliation') ? this.dashboard.variances(10) : null,
      mayAccess(principal, 'parkedMessages') ? this.dashboard.parkedMessages(10) : null,
    ]);
    return { leaderboard, pipeline, commitments, metering, variances, parked };
  }

  /** Accepted usage and its value, and hours about to age out; null when metering cannot be read right now. */
  private async metering() {
    try {
      // The last day by the metering clock: an indexed range of usage_hour whose size follows the rate of usage, not its history.
      const [summary, alerts] = await Promise.all([
        this.usage.recentSummary(METERING_CARD_HOURS),
        this.usage.alerts({ limit: METERING_CARD_ALERTS, cursor: null }),
      ]);
      return {
        hours: METERING_CARD_HOURS,
        totals: summary.totals,
        alerts: alerts.alerts,
        // The first page only: more than a page shows as "20+", the API pages through the rest.
        alertCount: `${alerts.alerts.length}${alerts.page.nextCursor ? '+' : ''}`,
        windowHours: alerts.windowHours,
      };
    } catch (error) {
      this.logger.warn(`metering status unavailable: ${(error as Error).message}`);
      return null;
    }
  }

  async commitment(principal: Principal, id: string, asOf: Date) {
    if (!mayAccess(principal, 'commitments')) return null;
    const commitment = await this.commitments.find(id);
    if (!commitment) return null;
    const [entries, customerName] = await Promise.all([this.commitments.drawdowns(id), this.dashboard.customerName(commitment.customerId)]);
    const burndown = burndownSeries(
      entries.map((e) => ({ at: e.invoiceDate, drawnMinor: e.drawnMinor, partnerId: e.partnerId })),
      commitment,
      asOf,
    );
    const partnerIds = [...new Set(entries.map((e) => e.partnerId).filter((p): p is string => p !== null))];
    const names = new Map((await this.dashboard.partnerNames(partnerIds)).map((p) => [p.id, p.name]));
    const drawdowns = entries
      .filter((e) => e.invoiceDate <= asOf)
      .map((e) => ({ ...e, partnerName: e.partnerId ? (names.get(e.partnerId) ?? e.partnerId) : null }));
    return { commitment, customerName: customerName ?? commitment.customerId, burndown, drawdowns, asOf };
  }

  /** A partner's page: the newest page of its ledger (older ones by `cursor`), its totals and PAR/PIR from the rollups. */
  async partner(principal: Principal, id: string, cursor: string | undefined = undefined) {
    const scope = partnerScopeOf(principal);
    const partner = await this.partners.findPartner(scope, id);
    if (!partner) return null;
    const page = newestCreditsQuery.safeParse({ cursor });
    const [credits, revenue] = await Promise.all([
      this.partners.credits(scope, id, { limit: PARTNER_PAGE_ROWS, cursor: page.success ? page.data.cursor : null }, CREDITS_NEWEST_FIRST),
      this.dashboard.leaderboard(id),
    ]);
    if (!credits) return null;
    return { partner, credits, revenue };
  }

  /** A deal registration and the marketplace terms accepted under it: a partner's own only; staff see every one. */
  deal(principal: Principal, id: string) {
    return this.dashboard.dealRegistration(partnerScopeOf(principal), id);
  }

  offers(principal: Principal) {
    return this.dashboard.offers(partnerScopeOf(principal));
  }

  leaderboard(principal: Principal) {
    return this.dashboard.leaderboard(partnerScopeOf(principal));
  }

  /** Every unmatched item, a batch at a time; null to a role that may not read reconciliation. */
  variances(principal: Principal) {
    return mayAccess(principal, 'reconciliation') ? this.dashboard.allVariances() : null;
  }
}

function commitmentsAfter(cursor: string | undefined) {
  if (!cursor) return null;
  try {
    return decodeCursor(OVERVIEW_COMMITMENTS_ORDER.list, OVERVIEW_COMMITMENTS_ORDER.keys, cursor);
  } catch (error) {
    if (error instanceof CursorError) return null;
    throw error;
  }
}
