import type { DashboardViews } from '../dashboard-view.service';
import { html, type SafeHtml } from './html.template';
import { empty } from './layout.view';
import { bps, day, money } from './money.view';

type Overview = Awaited<ReturnType<DashboardViews['overview']>>;

export function overviewBody(view: Overview, partnerId: string | null): SafeHtml {
  return html`<div class="grid">
    ${commitmentsCard(view.commitments)} ${leaderboardCard(view.leaderboard, partnerId)} ${pipelineCard(view.pipeline)}
    ${view.metering === undefined ? null : meteringCard(view.metering)} ${variancesCard(view.variances)} ${parkedCard(view.parked)}
  </div>`;
}

function card(title: string, id: string, body: SafeHtml, csv?: string, wide = false): SafeHtml {
  return html`<section class="card${wide ? ' wide' : ''}" data-testid="${id}">
    <div class="head">
      <h2>${title}</h2>
      ${csv ? html`<a class="csv" href="${csv}" download>Export CSV</a>` : null}
    </div>
    ${body}
  </section>`;
}

function commitmentsCard(commitments: Overview['commitments']): SafeHtml | null {
  if (!commitments) return null;
  const { rows, page } = commitments;
  const body = rows.length
    ? html`<table>
        <thead>
          <tr>
            <th>Customer</th>
            <th>Commitment</th>
            <th class="num">Total</th>
            <th class="num">Retired</th>
            <th class="num">Retired %</th>
            <th>Term</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (c) =>
              html`<tr>
                <td><a href="/dashboard/commitments/${c.id}">${c.customer_name}</a></td>
                <td>${c.cloud} ${c.kind}</td>
                <td class="num">${money(c.total_minor, c.currency)}</td>
                <td class="num">${money(c.drawn_minor, c.currency)}</td>
                <td class="num">${bps(Number((c.drawn_minor * 10000n) / (c.total_minor || 1n)))}</td>
                <td>${day(c.starts_at)} → ${day(c.ends_at)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        page.nextCursor
          ? html`<p><a href="/dashboard?commitments=${page.nextCursor}" data-testid="commitments-next">Next customers</a></p>`
          : null
      }`
    : empty('No cloud commitments yet.');
  return card('Cloud-commit burn-down by customer', 'commitments', body, undefined, true);
}

function leaderboardCard(rows: Overview['leaderboard'], partnerId: string | null): SafeHtml {
  const body = rows.length
    ? html`<table>
        <thead>
          <tr>
            <th>Partner</th>
            <th>Persona</th>
            <th class="num">PAR (sourced)</th>
            <th class="num">PIR (influenced)</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td><a href="/dashboard/partners/${r.partner_id}">${r.name}</a></td>
                <td><span class="pill">${r.persona}</span></td>
                <td class="num">${money(r.par_minor, r.currency)}</td>
                <td class="num">${money(r.pir_minor, r.currency)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : empty('No partner credit yet.');
  return card(
    partnerId ? 'Your attributed and influenced revenue' : 'Partner leaderboard',
    'leaderboard',
    body,
    '/dashboard/leaderboard.csv',
  );
}

function pipelineCard(rows: Overview['pipeline']): SafeHtml {
  const body = rows.length
    ? html`<table>
        <thead>
          <tr>
            <th>State</th>
            <th>Kind</th>
            <th class="num">Offers</th>
            <th class="num">Contract value</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td><span class="pill">${r.state}</span></td>
                <td>${r.kind}</td>
                <td class="num">${r._count._all}</td>
                <td class="num">${money(r._sum.contractValueMinor ?? 0n, r.currency)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : empty('No private or channel offers yet.');
  return card('Private-offer pipeline', 'pipeline', body, '/dashboard/offers.csv');
}

function meteringCard(metering: Overview['metering']): SafeHtml {
  if (!metering) return card('Metering', 'metering', empty('Metering status cannot be read right now.'));
  const accepted = metering.totals.filter((t) => t.status === 'ACCEPTED');
  const body = html`<div class="kpis">
      ${
        accepted.length
          ? accepted.map(
              (t) =>
                html`<div class="kpi">
                <div class="label">Accepted usage, last ${metering.hours} h</div>
                <div class="value" data-testid="accepted-usage">${money(BigInt(t.value?.amountMinor ?? '0'), t.value?.currency)}</div>
                <div class="muted">${t.quantity} units over ${t.hours} hour(s)</div>
              </div>`,
            )
          : html`<div class="kpi">
            <div class="label">Accepted usage, last ${metering.hours} h</div>
            <div class="value">—</div>
          </div>`
      }
      <div class="kpi">
        <div class="label">Hours needing attention</div>
        <div class="value ${metering.alertCount !== '0' ? 'bad' : 'good'}">${metering.alertCount}</div>
        <div class="muted">window ${metering.windowHours} h</div>
      </div>
    </div>
    <table>
      <thead>
        <tr>
          <th>Status</th>
          <th class="num">Hours</th>
          <th class="num">Quantity</th>
          <th class="num">Value</th>
        </tr>
      </thead>
      <tbody>
        ${metering.totals.map(
          (t) =>
            html`<tr>
              <td>${t.status}</td>
              <td class="num">${t.hours}</td>
              <td class="num">${t.quantity}</td>
              <td class="num">${t.value ? money(BigInt(t.value.amountMinor), t.value.currency) : '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      metering.alerts.length
        ? html`<h2 style="margin-top:12px">About to age out or needing a person</h2>
          <table>
            <tbody>
              ${metering.alerts.map(
                (a) =>
                  html`<tr>
                    <td><span class="pill">${String(a.kind)}</span></td>
                    <td>${a.customer}</td>
                    <td>${a.dimension}</td>
                    <td>${a.hour}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }`;
  return card('Metering', 'metering', body);
}

function variancesCard(variances: Overview['variances']): SafeHtml | null {
  if (!variances) return null;
  const totals = variances.totals.length
    ? html`<table>
        <thead>
          <tr>
            <th>Status</th>
            <th class="num">Items</th>
            <th class="num">Variance</th>
          </tr>
        </thead>
        <tbody>
          ${variances.totals.map(
            (t) =>
              html`<tr>
                <td><span class="pill">${t.status}</span></td>
                <td class="num">${t._count._all}</td>
                <td class="num">${money(t._sum.varianceMinor ?? 0n, t.currency)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : empty('No disbursement imported yet.');
  const items = variances.items.length
    ? html`<table style="margin-top:12px">
        <thead>
          <tr>
            <th>Transaction</th>
            <th>Status</th>
            <th class="num">Expected net</th>
            <th class="num">Disbursed</th>
            <th class="num">Variance</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          ${variances.items.map(
            (i) =>
              html`<tr>
                <td>${i.transactionReferenceId}</td>
                <td>${i.status}</td>
                <td class="num">${money(i.expectedNetMinor, i.currency)}</td>
                <td class="num">${money(i.disbursedMinor, i.currency)}</td>
                <td class="num">${money(i.varianceMinor, i.currency)}</td>
                <td style="white-space:normal">${i.explanation}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : null;
  return card('Reconciliation variances', 'variances', html`${totals}${items}`, '/dashboard/reconciliation/variances.csv', true);
}

/** Authenticated marketplace messages the product kept but could not read: nothing is lost, but someone must look. */
function parkedCard(parked: Overview['parked']): SafeHtml | null {
  if (!parked || parked.count === 0) return null;
  const body = html`<p class="muted">
      ${parked.count} message(s) kept as received. Replay one with <code>POST /v1/marketplace-messages/{id}/replay</code> (admin key) once
      the product reads its shape.
    </p>
    <table>
      <thead>
        <tr>
          <th>Received</th>
          <th>Source</th>
          <th>Type</th>
          <th>Why</th>
          <th>Id</th>
        </tr>
      </thead>
      <tbody>
        ${parked.latest.map(
          (m) =>
            html`<tr>
              <td>${m.receivedAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
              <td>${m.source}</td>
              <td>${m.detailType}</td>
              <td style="white-space:normal">${m.parkReason}</td>
              <td><code>${m.id}</code></td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  return card('Parked marketplace messages', 'parked-messages', body, undefined, true);
}
