import type { AccountHealthService } from '../../customer-success/account-health.service';
import { html, type SafeHtml } from './html.template';
import { empty } from './layout.view';

type Account = Awaited<ReturnType<AccountHealthService['accounts']>>[number];

/** Partner-led accounts (or a partner's book): risk signals with their reasons, adoption and renewals. */
export function accountsBody(accounts: Account[], showPartners: boolean): SafeHtml {
  const atRisk = accounts.filter((a) => a.atRisk).length;
  return html`<div class="kpis">
      <div class="kpi">
        <div class="label">Accounts</div>
        <div class="value">${accounts.length}</div>
      </div>
      <div class="kpi">
        <div class="label">At risk</div>
        <div class="value ${atRisk ? 'bad' : 'good'}" data-testid="accounts-at-risk">${atRisk}</div>
      </div>
    </div>
    <section class="card wide" data-testid="accounts">
      <h2>Accounts, riskiest first</h2>
      ${
        accounts.length
          ? html`<table>
            <thead>
              <tr>
                <th>Customer</th>
                ${showPartners ? html`<th>Partners</th>` : null}
                <th>Risk</th>
                <th>Active dimensions</th>
                <th>Usage, last 8 weeks</th>
                <th>Usage against included</th>
                <th>Next renewal</th>
              </tr>
            </thead>
            <tbody>
              ${[...accounts]
                .sort((a, b) => b.risks.length - a.risks.length || a.name.localeCompare(b.name))
                .map(
                  (a) =>
                    html`<tr data-testid="account-${a.name}">
                      <td>${a.name}${a.strategic ? html` <span class="pill">strategic</span>` : null}</td>
                      ${showPartners ? html`<td>${a.partners.map((p) => p.name).join(', ')}</td>` : null}
                      <td style="white-space:normal">
                        ${
                          a.risks.length
                            ? a.risks.map((r) => html`<div class="bad" data-testid="risk"><strong>${r.kind}</strong> ${r.reason}</div>`)
                            : html`<span class="good">none</span>`
                        }
                      </td>
                      <td>${a.adoption.activeDimensions.join(', ') || '—'}</td>
                      <td>
                        ${a.adoption.weeks
                          .map((w) =>
                            Object.values(w.quantityByDimension)
                              .reduce((s, q) => s + BigInt(q), 0n)
                              .toString(),
                          )
                          .join(' · ')}
                      </td>
                      <td style="white-space:normal">${includedView(a.adoption.included)}</td>
                      <td>${a.renewals.find((r) => !r.renewed)?.endsAt.slice(0, 10) ?? '—'}</td>
                    </tr>`,
                )}
            </tbody>
          </table>`
          : empty('No partner-led account yet.')
      }
    </section>`;
}

// Over is an overage (or an upsell); under is bought and unused, adoption to help with: both worth a look, neither good news alone.
const STATE_CLASS = { OVER: 'bad', AT: 'good', UNDER: 'muted' } as const;

/** Each included dimension: used of included, the percent, and over or under by how much. */
function includedView(included: Account['adoption']['included']): SafeHtml | string {
  if (included.length === 0) return '—';
  return html`${included.map(
    (i) =>
      html`<div data-testid="included-${i.dimension}">
        ${i.dimension}: ${i.used} of ${i.included}${i.percentUsed === null ? null : html` (${i.percentUsed}%)`}
        <span class="${STATE_CLASS[i.state]}">${i.state === 'AT' ? 'at the included quantity' : `${i.state.toLowerCase()} by ${i.differenceQuantity}`}</span>
      </div>`,
  )}`;
}
