import type { DashboardViews } from '../dashboard-view.service';
import { html, type SafeHtml } from './html.template';
import { empty } from './layout.view';
import { bps, day, money } from './money.view';

type PartnerView = NonNullable<Awaited<ReturnType<DashboardViews['partner']>>>;

export function partnerBody(view: PartnerView): SafeHtml {
  const { partner, credits, revenue } = view;
  const totals = credits.totals.map((t) => ({ engagement: t.engagement, minor: t.amount_minor, currency: t.currency }));
  return html`<p class="muted">
      <span class="pill">${partner.persona}</span> ${partner.cloudAccounts.map((a) => `${a.cloud} ${a.accountId}`).join(' · ')}
    </p>
    <div class="kpis">
      ${
        totals.length
          ? totals.map(
              (t) =>
                html`<div class="kpi">
                <div class="label">${t.engagement === 'SOURCED' ? 'Sourced credit' : 'Influenced credit'}</div>
                <div class="value" data-testid="credit-total-${t.engagement}">${money(t.minor, t.currency)}</div>
              </div>`,
            )
          : html`<div class="kpi">
            <div class="label">Credit</div>
            <div class="value">—</div>
          </div>`
      }
      ${revenue.map(
        (r) =>
          html`<div class="kpi">
            <div class="label">PAR / PIR (${r.currency})</div>
            <div class="value">${money(r.par_minor, r.currency)}</div>
            <div class="muted">PIR ${money(r.pir_minor, r.currency)}</div>
          </div>`,
      )}
    </div>
    <section class="card wide" data-testid="credits">
      <div class="head">
        <h2>Credit ledger <span class="muted">(newest first)</span></h2>
        <a class="csv" href="/dashboard/partners/${partner.id}/credits.csv" download data-testid="credits-csv">Export CSV</a>
      </div>
      ${
        credits.entries.length
          ? html`<table>
            <thead>
              <tr>
                <th>Occurred</th>
                <th>Source</th>
                <th>Engagement</th>
                <th>Agreement</th>
                <th class="num">Share</th>
                <th class="num">Amount</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              ${credits.entries.map(
                (e) =>
                  html`<tr>
                    <td>${day(e.occurredAt)}</td>
                    <td>${e.source}</td>
                    <td>${e.engagement}</td>
                    <td>${e.agreement ? `${e.agreement.cloud} ${e.agreement.marketplaceAgreementId}` : '—'}</td>
                    <td class="num">${bps(e.shareBps)}</td>
                    <td class="num">${money(e.amountMinor, e.currency)}</td>
                    <td style="white-space:normal">${e.reason}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
          : empty('No credit yet.')
      }
      ${
        credits.page.nextCursor
          ? html`<p>
            <a href="/dashboard/partners/${partner.id}?cursor=${credits.page.nextCursor}" data-testid="credits-older">Older entries</a>
          </p>`
          : ''
      }
    </section>`;
}
