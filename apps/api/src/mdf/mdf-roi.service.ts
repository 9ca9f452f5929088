import { Injectable } from '@nestjs/common';
import { mdfHeldMinor, mdfRoi, sumMdfRoi, type MdfRoiInput } from '@bridge/domain';
import { MdfRepository } from './mdf.repository';
import { MdfRoiRepository } from './mdf-roi.repository';
import { presentRoi } from './mdf.presenter';

/** Revenue per MDF dollar, per activity, per partner and per quarter, from the ledger. */
@Injectable()
export class MdfRoiService {
  constructor(
    private readonly mdf: MdfRepository,
    private readonly outcomes: MdfRoiRepository,
  ) {}

  async roi(scope: string | null, filter: { period?: string; partnerId?: string }, now = new Date()) {
    // Every approved activity in scope: ROI is a report over all of them, not a page of them.
    const requests = await this.mdf.approvedRequests(scope, filter, now);
    const found = new Map((await this.outcomes.outcomes(requests.map((r) => r.id))).map((o) => [o.request_id, o]));
    const activities = requests.map((r) => {
      const outcome = found.get(r.id);
      const figures: MdfRoiInput = {
        spentMinor: mdfHeldMinor(
          { status: r.status, claimDeadline: r.claimDeadline, claimStatus: r.claim?.status ?? null, committedMinor: r.committedMinor },
          now,
        ),
        pipelineMinor: outcome?.pipeline_minor ?? 0n,
        creditedMinor: outcome?.credited_minor ?? 0n,
      };
      return { request: r, deals: outcome?.deals ?? 0, figures };
    });
    const groups = (key: (a: (typeof activities)[number]) => string) => {
      const by = new Map<string, (typeof activities)[number][]>();
      for (const a of activities) by.set(key(a), [...(by.get(key(a)) ?? []), a]);
      return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    return {
      activities: activities.map((a) => ({
        requestId: a.request.id,
        partnerId: a.request.partnerId,
        period: a.request.period,
        title: a.request.title,
        kind: a.request.kind,
        startsAt: a.request.startsAt.toISOString(),
        dealsRegistered: a.deals,
        ...presentRoi(mdfRoi(a.figures), a.request.currency),
      })),
      byPartner: groups((a) => `${a.request.partnerId}|${a.request.currency}`).map(([key, rows]) => ({
        partnerId: key.split('|')[0],
        dealsRegistered: rows.reduce((n, r) => n + r.deals, 0),
        ...presentRoi(sumMdfRoi(rows.map((r) => r.figures)), rows[0].request.currency),
      })),
      byPeriod: groups((a) => `${a.request.period}|${a.request.currency}`).map(([key, rows]) => ({
        period: key.split('|')[0],
        dealsRegistered: rows.reduce((n, r) => n + r.deals, 0),
        ...presentRoi(sumMdfRoi(rows.map((r) => r.figures)), rows[0].request.currency),
      })),
    };
  }
}
