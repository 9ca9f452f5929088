import { Injectable } from '@nestjs/common';
import {
  attributeMdfOutcomes,
  MDF_SEGMENT_UNMEASURED,
  mdfHeldMinor,
  mdfRoi,
  sumMdfRoi,
  type MdfRoiInput,
  type MdfTouch,
} from '@bridge/domain';
import { MdfRepository } from './mdf.repository';
import { MdfRoiRepository } from './mdf-roi.repository';
import { presentRoi } from './mdf.presenter';

/** Revenue per MDF dollar, per activity, per partner and per quarter, from the ledger: each dollar counted once (attributeMdfOutcomes). */
@Injectable()
export class MdfRoiService {
  constructor(
    private readonly mdf: MdfRepository,
    private readonly outcomes: MdfRoiRepository,
  ) {}

  /**
   * Every approved activity in scope that `filter` names, with what it
   * produced. Outcomes are attributed over all the partners' approved
   * activities, whatever the filter: a quarter's report must not give an
   * activity revenue a later activity (outside the quarter) owns.
   */
  async roi(scope: string | null, filter: { period?: string; partnerId?: string }, now = new Date()) {
    const all = await this.mdf.approvedRequests(scope, { partnerId: filter.partnerId }, now);
    const touches: MdfTouch[] = all.map((r) => ({
      id: r.id,
      partnerId: r.partnerId,
      currency: r.currency,
      startsAt: r.startsAt,
      targetCustomerIds: r.targetCustomerIds,
      spentMinor: mdfHeldMinor(
        { status: r.status, claimDeadline: r.claimDeadline, claimStatus: r.claim?.status ?? null, committedMinor: r.committedMinor },
        now,
      ),
    }));
    const window = {
      partnerIds: [...new Set(all.map((r) => r.partnerId))],
      customerIds: [...new Set(all.flatMap((r) => r.targetCustomerIds))],
      since: new Date(Math.min(...all.map((r) => r.startsAt.getTime()))),
    };
    const [credits, deals] = await Promise.all([this.outcomes.credits(window), this.outcomes.deals(window)]);
    const attributed = attributeMdfOutcomes(touches, credits, deals);
    const spent = new Map(touches.map((t) => [t.id, t.spentMinor]));
    const activities = all
      .filter((r) => !filter.period || r.period === filter.period)
      .map((r) => {
        const outcome = attributed.get(r.id)!;
        const figures: MdfRoiInput = {
          spentMinor: spent.get(r.id)!,
          pipelineMinor: outcome.pipelineMinor,
          creditedMinor: outcome.creditedMinor,
        };
        return { request: r, deals: outcome.deals, figures };
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
        // Why a segment-only activity shows no outcomes: nothing in the data ties customers to a segment.
        unmeasured: a.request.targetCustomerIds.length === 0 ? MDF_SEGMENT_UNMEASURED : null,
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
