import { Injectable } from '@nestjs/common';
import { findPage, type PageRequest } from '@bridge/pagination';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { mayAccess } from '../auth/role-table';
import { MdfBudgetService } from '../mdf/mdf-budget.service';
import { MdfRepository } from '../mdf/mdf.repository';
import { MdfRoiService } from '../mdf/mdf-roi.service';
import { presentRequest } from '../mdf/mdf.presenter';
import { MDF_BUDGETS_ORDER, MDF_REQUESTS_ORDER } from '../mdf/mdf.schemas';
import { CustomerRepository } from '../customers/customer.repository';
import { CUSTOMERS_ORDER } from '../customers/customer.schemas';
import { DashboardRepository } from './dashboard.repository';

/** Customers offered as targets in the request form; more are named through the API. */
const TARGETS_SHOWN = 500;

/** The newest budgets the page shows; GET /v1/mdf/budgets pages through the rest. */
const BUDGETS_SHOWN = 100;

/**
 * The dashboard's MDF page: the same requests, balances and ROI the API
 * answers (GET /v1/mdf/...), for the same callers: staff within ROLES_FOR.mdf
 * see every partner's and the budgets; a partner sees its own requests, its
 * balance and its own ROI, and nothing of anyone else's.
 */
@Injectable()
export class MdfDashboardView {
  constructor(
    private readonly mdf: MdfRepository,
    private readonly budgets: MdfBudgetService,
    private readonly roi: MdfRoiService,
    private readonly dashboard: DashboardRepository,
    private readonly customers: CustomerRepository,
  ) {}

  /** One request as its page shows it, with its partner's and target customers' names; null when not the caller's to see. */
  async request(principal: Principal, id: string, now = new Date()) {
    const scope = partnerScopeOf(principal);
    if (!scope && !mayAccess(principal, 'mdf')) return null;
    const row = await this.mdf.findRequest(scope, id);
    if (!row) return null;
    const [names, targets] = await Promise.all([
      this.dashboard.partnerNames([row.partnerId]),
      Promise.all(row.targetCustomerIds.map((c) => this.customers.find(null, c))),
    ]);
    return {
      ...presentRequest(row, now),
      partnerName: names[0]?.name ?? row.partnerId,
      targetCustomers: targets.flatMap((c) => (c ? [{ id: c.id, name: c.name }] : [])),
    };
  }

  /**
   * What the request form offers the caller: a partner its own visible
   * customers as targets; alliance (and admin) every partner to request for,
   * and every customer; nothing for roles that may not request funds.
   */
  async requestForm(
    principal: Principal,
  ): Promise<{ customers: { id: string; name: string }[] | null; partners: { id: string; name: string }[] | null }> {
    if (principal.role === 'PARTNER') return { customers: await this.requestableCustomers(principal), partners: null };
    if (principal.role !== 'ALLIANCE' && principal.role !== 'ADMIN') return { customers: null, partners: null };
    const [customers, partners] = await Promise.all([this.requestableCustomers(principal), this.dashboard.partners(null)]);
    return { customers, partners: partners.map((p) => ({ id: p.id, name: p.name })) };
  }

  /** The customers a partner may name as an activity's targets: those it sees (its registrations and prospects), by name. */
  async requestableCustomers(principal: Principal) {
    const { rows } = await findPage(CUSTOMERS_ORDER, { limit: TARGETS_SHOWN, cursor: null }, (args) =>
      this.customers.list(partnerScopeOf(principal), {}, args),
    );
    return rows.map((c) => ({ id: c.id, name: c.name }));
  }

  /** `requestsPage` pages the requests (newest first); budgets show their newest page. */
  async view(principal: Principal, requestsPage: PageRequest, now = new Date()) {
    const scope = partnerScopeOf(principal);
    if (!scope && !mayAccess(principal, 'mdf')) return null;
    const [{ rows: requests, page }, roi, budgets, balance] = await Promise.all([
      findPage(MDF_REQUESTS_ORDER, requestsPage, (args) => this.mdf.listRequests(scope, {}, now, args)),
      this.roi.roi(scope, {}, now),
      scope
        ? null
        : findPage(MDF_BUDGETS_ORDER, { limit: BUDGETS_SHOWN, cursor: null }, (args) => this.mdf.listBudgets(undefined, args)).then(
            ({ rows }) => Promise.all(rows.map((b) => this.budgets.withBalance(b, now))),
          ),
      scope ? this.budgets.balanceOf(scope, undefined, now) : null,
    ]);
    const partnerIds = [...new Set([...requests.map((r) => r.partnerId), ...(budgets ?? []).flatMap((b) => b.budget.partnerId ?? [])])];
    const names = new Map((await this.dashboard.partnerNames(partnerIds)).map((p) => [p.id, p.name]));
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : null);
    const titles = new Map(requests.map((r) => [r.id, r.title]));
    return {
      requests: requests.map((r) => ({ ...presentRequest(r, now), partnerName: nameOf(r.partnerId) })),
      nextRequestsCursor: page.nextCursor,
      budgets: budgets?.map((b) => ({ ...b, partnerName: nameOf(b.budget.partnerId) })) ?? null,
      balance: balance?.balance ?? null,
      balancePeriod: balance?.period ?? null,
      roi: {
        ...roi,
        activities: roi.activities.map((a) => ({ ...a, title: titles.get(a.requestId) ?? a.title, partnerName: nameOf(a.partnerId) })),
        byPartner: roi.byPartner.map((p) => ({ ...p, partnerName: nameOf(p.partnerId) })),
      },
    };
  }
}
