import { Injectable } from '@nestjs/common';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { mayAccess } from '../auth/role-table';
import { MdfBudgetService } from '../mdf/mdf-budget.service';
import { MdfRepository } from '../mdf/mdf.repository';
import { MdfRoiService } from '../mdf/mdf-roi.service';
import { presentRequest } from '../mdf/mdf.presenter';
import { DashboardRepository } from './dashboard.repository';

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
  ) {}

  async view(principal: Principal, now = new Date()) {
    const scope = partnerScopeOf(principal);
    if (!scope && !mayAccess(principal, 'mdf')) return null;
    const [requests, roi, budgets, balance] = await Promise.all([
      this.mdf.listRequests(scope, { limit: 200 }, now),
      this.roi.roi(scope, {}, now),
      scope ? null : this.mdf.listBudgets(undefined).then((rows) => Promise.all(rows.map((b) => this.budgets.withBalance(b, now)))),
      scope ? this.budgets.balanceOf(scope, undefined, now) : null,
    ]);
    const partnerIds = [...new Set([...requests.map((r) => r.partnerId), ...(budgets ?? []).flatMap((b) => b.budget.partnerId ?? [])])];
    const names = new Map((await this.dashboard.partnerNames(partnerIds)).map((p) => [p.id, p.name]));
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : null);
    const titles = new Map(requests.map((r) => [r.id, r.title]));
    return {
      requests: requests.map((r) => ({ ...presentRequest(r, now), partnerName: nameOf(r.partnerId) })),
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
