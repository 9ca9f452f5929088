import { Inject, Injectable, Logger } from '@nestjs/common';
import { burndownSeries } from '@bridge/domain';
import { METERING_CLOCK, type MeteringClock } from '@bridge/marketplace';
import { CursorError, decodeCursor } from '@bridge/pagination';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { mayAccess } from '../auth/role-table';
import { PartnerRepository } from '../partners/partner.repository';
import { CREDITS_NEWEST_FIRST, newestCreditsQuery } from '../partners/partner.schemas';
import { UsageViewService } from '../usage/usage-view.service';
import { CommitmentPageRepository } from './commitment-page.repository';
import { DashboardRepository } from './dashboard.repository';
import { OVERVIEW_COMMITMENTS_ORDER } from './overview-cards.sql';
import { OverviewRepository } from './overview.repository';
import { recentUsageTotals } from './recent-usage.sql';

/** The overview's metering card covers this many hours back from the metering clock's now. */
const METERING_CARD_HOURS = 24;

/** Alerts the overview's metering card lists (newest first); the API pages through every one. */
const METERING_CARD_ALERTS = 20;

/** Partners (rows of partner and currency) on the overview's leaderboard. */
const LEADERBOARD_ROWS = 200;

/** Unmatched reconciliation items and parked marketplace messages the overview lists (newest first). */
const OVERVIEW_UNMATCHED_ITEMS = 10;
const OVERVIEW_PARKED_MESSAGES = 10;

const HOUR_MS = 3_600_000;

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
    private readonly commitmentPages: CommitmentPageRepository,
    private readonly usage: UsageViewService,
    private readonly overviews: OverviewRepository,
    @Inject(METERING_CLOCK) private readonly clock: MeteringClock,
  ) {}

  async partnerName(principal: Principal): Promise<string | null> {
    if (!principal.partnerId) return null;
    return (await this.partners.findPartner(principal.partnerId, principal.partnerId))?.name ?? null;
  }

  /**
   * `commitmentsCursor`: the commitments card's page (a cursor this page
   * made; anything else is its first page). Every card a role may see is read
   * in one statement; the metering card's alerts by the usage API's own
   * query, alongside.
   */
  async overview(principal: Principal, commitmentsCursor?: string) {
    const usage = mayAccess(principal, 'usage');
    const now = usage ? await this.meteringNow() : null;
    const [cards, alerts] = await Promise.all([
      this.overviews.cards({
        scope: partnerScopeOf(principal),
        now: new Date(),
        leaderboardRows: LEADERBOARD_ROWS,
        commitments: mayAccess(principal, 'commitments')
          ? { limit: OVERVIEW_COMMITMENT_ROWS, after: commitmentsAfter(commitmentsCursor) }
          : null,
        usageFrom: now ? new Date(now.getTime() - METERING_CARD_HOURS * HOUR_MS) : null,
        unmatchedItems: mayAccess(principal, 'reconciliation') ? OVERVIEW_UNMATCHED_ITEMS : null,
        parkedMessages: mayAccess(principal, 'parkedMessages') ? OVERVIEW_PARKED_MESSAGES : null,
      }),
      now ? this.meteringAlerts() : null,
    ]);
    const { leaderboard, pipeline, commitments, variances, parked } = cards;
    // undefined, not null: null is metering that cannot be read right now.
    const metering = !usage
      ? undefined
      : cards.usage && alerts
        ? { hours: METERING_CARD_HOURS, totals: recentUsageTotals(cards.usage), ...alerts }
        : null;
    return { leaderboard, pipeline, commitments, metering, variances, parked };
  }

  /** The metering clock's now; null (and the card says metering cannot be read) when it cannot be read. */
  private async meteringNow(): Promise<Date | null> {
    try {
      return await this.clock.now();
    } catch (error) {
      this.logger.warn(`metering status unavailable: ${(error as Error).message}`);
      return null;
    }
  }

  /** The first page of usage alerts: more than a page shows as "20+", the API pages through the rest; null when they cannot be read. */
  private async meteringAlerts() {
    try {
      const alerts = await this.usage.alerts({ limit: METERING_CARD_ALERTS, cursor: null });
      return {
        alerts: alerts.alerts,
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
    const found = await this.commitmentPages.page(id);
    if (!found) return null;
    const { commitment, customerName, drawdowns: entries } = found;
    const burndown = burndownSeries(
      entries.map((e) => ({ at: e.invoiceDate, drawnMinor: e.drawnMinor, partnerId: e.partnerId })),
      commitment,
      asOf,
    );
    const drawdowns = entries.filter((e) => e.invoiceDate <= asOf);
    return { commitment, customerName, burndown, drawdowns, asOf };
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
