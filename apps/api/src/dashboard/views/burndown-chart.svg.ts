import { formatMinor, type Burndown } from '@bridge/domain';
import { html, type SafeHtml } from './html.template';

interface Term {
  totalMinor: bigint;
  currency: string;
  startsAt: Date;
  endsAt: Date;
}

const W = 760;
const H = 300;
const PAD = { left: 78, right: 16, top: 14, bottom: 30 };

/**
 * The commitment retired over its term as inline SVG: what was actually
 * retired (partner-driven share shaded beneath it), the pace needed from today
 * to meet it, and the run-rate forecast. Amounts are scaled through Number
 * only to place pixels; every figure shown as text is formatted from bigint.
 */
export function burndownChart(term: Term, burndown: Burndown, asOf: Date): SafeHtml {
  const start = term.startsAt.getTime();
  const end = term.endsAt.getTime();
  const now = Math.min(Math.max(asOf.getTime(), start), end);
  const top = [term.totalMinor, burndown.forecastAtEndMinor, burndown.drawnToDateMinor].reduce((a, b) => (b > a ? b : a), 1n);
  const x = (t: number) => PAD.left + ((t - start) / (end - start)) * (W - PAD.left - PAD.right);
  const y = (minor: bigint) => H - PAD.bottom - (Number(minor) / Number(top)) * (H - PAD.top - PAD.bottom);
  const pt = (t: number, minor: bigint) => `${x(t).toFixed(1)},${y(minor).toFixed(1)}`;

  // Cumulative at the end of each month (or today, for the month in progress).
  const actual = [pt(start, 0n)];
  const partner = [pt(start, 0n)];
  for (const p of burndown.points) {
    const monthEnd = Math.min(Date.UTC(p.monthStart.getUTCFullYear(), p.monthStart.getUTCMonth() + 1, 1), now);
    actual.push(pt(monthEnd, p.cumulativeMinor));
    partner.push(pt(monthEnd, p.partnerDrivenCumulativeMinor));
  }
  const last = burndown.drawnToDateMinor;
  const partnerArea = `${partner.join(' ')} ${pt(now, 0n)}`;
  const money = (minor: bigint) => formatMinor(minor, term.currency, { grouped: true });
  const ticks = [0n, top / 4n, top / 2n, (top * 3n) / 4n, top];
  const quarters = quarterTicks(start, end);

  return html`<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Commitment burn-down" data-testid="burndown-chart">
  ${ticks.map((t) => html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eef1f5"/><text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${money(t)}</text>`)}
  ${quarters.map((t) => html`<text x="${x(t).toFixed(1)}" y="${H - 10}" text-anchor="middle">${new Date(t).toISOString().slice(0, 7)}</text>`)}
  <line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(term.totalMinor).toFixed(1)}" y2="${y(term.totalMinor).toFixed(1)}" stroke="#1d2433" stroke-width="1" stroke-dasharray="2 3"/>
  <polygon points="${partnerArea}" fill="#7a3fd1" fill-opacity="0.25" data-series="partner-driven"/>
  <polyline points="${partner.join(' ')}" fill="none" stroke="#7a3fd1" stroke-width="1.5"/>
  <polyline points="${pt(now, last)} ${pt(end, term.totalMinor)}" fill="none" stroke="#1d8a4e" stroke-width="2" stroke-dasharray="6 4" data-series="pace-needed"/>
  <polyline points="${pt(now, last)} ${pt(end, burndown.forecastAtEndMinor)}" fill="none" stroke="#c2410c" stroke-width="2" stroke-dasharray="2 3" data-series="forecast"/>
  <polyline points="${actual.join(' ')}" fill="none" stroke="#2f5bea" stroke-width="2.5" data-series="actual"/>
  <line x1="${x(now).toFixed(1)}" x2="${x(now).toFixed(1)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#9aa3b5" stroke-dasharray="1 3"/>
  <text x="${(x(now) + 4).toFixed(1)}" y="${PAD.top + 10}">today</text>
</svg>
<div class="legend"><span><i style="background:#2f5bea"></i>retired (actual)</span><span><i style="background:#7a3fd1"></i>partner-driven</span><span><i style="background:#1d8a4e"></i>pace needed</span><span><i style="background:#c2410c"></i>forecast</span><span><i style="background:#1d2433"></i>commitment</span></div>`;
}

/** Quarter starts inside the term, for x-axis labels. */
function quarterTicks(start: number, end: number): number[] {
  const ticks: number[] = [];
  const d = new Date(start);
  for (let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3) + 3, 1); m < end; ) {
    ticks.push(m);
    const t = new Date(m);
    m = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 3, 1);
  }
  return ticks;
}
