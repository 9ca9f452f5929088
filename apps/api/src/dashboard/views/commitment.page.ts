import type { DashboardViews } from '../dashboard-view.service';
import { burndownChart } from './burndown-chart.svg';
import { html, type SafeHtml } from './html.template';
import { empty } from './layout.view';
import { bps, day, money } from './money.view';

type CommitmentView = NonNullable<Awaited<ReturnType<DashboardViews['commitment']>>>;

export function commitmentBody(view: CommitmentView): SafeHtml {
  const { commitment: c, burndown: b } = view;
  const cur = c.currency;
  return html`<p class="muted">${c.cloud} ${c.kind} · ${day(c.startsAt)} → ${day(c.endsAt)} · marketplace may retire up to ${bps(c.marketplaceCapBps)} · as of ${day(view.asOf)}</p>
<div class="kpis">
  <div class="kpi"><div class="label">Commitment</div><div class="value">${money(c.totalMinor, cur)}</div></div>
  <div class="kpi"><div class="label">Retired to date</div><div class="value" data-testid="retired">${money(b.drawnToDateMinor, cur)}</div></div>
  <div class="kpi"><div class="label">Remaining</div><div class="value">${money(b.remainingMinor, cur)}</div></div>
  <div class="kpi"><div class="label">Partner-driven</div><div class="value" data-testid="partner-driven">${money(b.partnerDrivenMinor, cur)}</div><div class="muted">${bps(b.partnerShareBps)} of retired</div></div>
  <div class="kpi"><div class="label">Pace needed</div><div class="value">${money(b.pacePerMonthMinor, cur)}</div><div class="muted">a month for ${b.monthsLeft} month(s)</div></div>
  <div class="kpi"><div class="label">Forecast at end</div><div class="value ${b.onTrack ? 'good' : 'bad'}">${money(b.forecastAtEndMinor, cur)}</div><div class="muted">${b.onTrack ? 'on track' : 'behind'}</div></div>
</div>
<section class="card wide"><div class="head"><h2>Burn-down</h2><a class="csv" href="/dashboard/commitments/${c.id}/burndown.csv" download data-testid="burndown-csv">Export CSV</a></div>
${burndownChart(c, b, view.asOf)}<p class="muted">${b.reason}</p></section>
<section class="card wide" style="margin-top:16px"><h2>Month by month</h2>
${
  b.points.length
    ? html`<table><thead><tr><th>Month</th><th class="num">Retired</th><th class="num">Cumulative</th><th class="num">Partner-driven (cumulative)</th><th class="num">Remaining</th></tr></thead><tbody>
${b.points.map((p) => html`<tr><td>${p.monthStart.toISOString().slice(0, 7)}</td><td class="num">${money(p.drawnMinor, cur)}</td><td class="num">${money(p.cumulativeMinor, cur)}</td><td class="num">${money(p.partnerDrivenCumulativeMinor, cur)}</td><td class="num">${money(p.remainingMinor, cur)}</td></tr>`)}
</tbody></table>`
    : empty('The term has not started.')
}</section>
<section class="card wide" style="margin-top:16px"><h2>Drawdowns</h2>
${
  view.drawdowns.length
    ? html`<table><thead><tr><th>Invoice date</th><th class="num">Eligible</th><th class="num">Retired</th><th>Partner</th><th>Why</th></tr></thead><tbody>
${view.drawdowns.map((d) => html`<tr><td>${day(d.invoiceDate)}</td><td class="num">${money(d.eligibleMinor, cur)}</td><td class="num">${money(d.drawnMinor, cur)}</td><td>${d.partnerId ? html`<a href="/dashboard/partners/${d.partnerId}">${d.partnerName}</a>` : html`<span class="muted">direct</span>`}</td><td style="white-space:normal">${d.reason}</td></tr>`)}
</tbody></table>`
    : empty('Nothing drawn yet.')
}</section>`;
}
