import type { MdfDashboardView } from '../mdf-view.service';
import { html, type SafeHtml } from './html.template';
import { empty } from './layout.view';
import { day, money } from './money.view';

type MdfView = NonNullable<Awaited<ReturnType<MdfDashboardView['view']>>>;
interface Amount {
  amountMinor: string;
  currency: string;
}

const amount = (a: Amount | null | undefined) => (a ? money(BigInt(a.amountMinor), a.currency) : '—');

/**
 * What the page's request form needs: the session's CSRF token, the customers
 * the activity may target (null: no form), and for alliance the partners it
 * may request for (null: the caller is the partner).
 */
export interface MdfForms {
  csrf: string | null;
  customers: { id: string; name: string }[] | null;
  partners: { id: string; name: string }[] | null;
}

/** Budgets (staff) or the partner's balance, its requests by state, revenue per MDF dollar, and a partner's request form. */
export function mdfBody(view: MdfView, forms: MdfForms): SafeHtml {
  const total = view.roi.byPeriod;
  return html`<div class="kpis">
      ${
        view.balance
          ? html`<div class="kpi">
            <div class="label">Available this quarter (${view.balancePeriod})</div>
            <div class="value" data-testid="mdf-available">
              ${amount(presentable(view.balance.availableMinor, view.balance.budget.currency))}
            </div>
          </div>`
          : null
      }
      ${total.map(
        (p) =>
          html`<div class="kpi">
            <div class="label">Revenue per MDF dollar, ${p.period}</div>
            <div class="value" data-testid="mdf-roi-${p.period}">${p.revenuePerMdfDollar ?? '—'}</div>
            <div class="muted">${amount(p.creditedRevenue)} credited on ${amount(p.spent)} spent</div>
          </div>`,
      )}
    </div>
    <div class="grid">
      ${
        view.budgets
          ? html`<section class="card wide" data-testid="mdf-budgets">
            <h2>Budgets</h2>
            ${
              view.budgets.length
                ? html`<table>
                  <thead>
                    <tr>
                      <th>Quarter</th>
                      <th>For</th>
                      <th class="num">Budget</th>
                      <th class="num">Held</th>
                      <th class="num">Available</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${view.budgets.map(
                      (b) =>
                        html`<tr>
                          <td>${b.budget.period}</td>
                          <td>${b.budget.tier ? `tier ${b.budget.tier}` : b.partnerName}</td>
                          <td class="num">${money(b.budget.amountMinor, b.budget.currency)}</td>
                          <td class="num">${money(b.heldMinor, b.budget.currency)}</td>
                          <td class="num">${money(b.availableMinor, b.budget.currency)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
                : empty('No budget yet.')
            }
          </section>`
          : null
      }
      <section class="card wide" data-testid="mdf-requests">
        <h2>Requests</h2>
        ${
          view.requests.length
            ? html`<table>
              <thead>
                <tr>
                  <th>Partner</th>
                  <th>Activity</th>
                  <th>State</th>
                  <th>Dates</th>
                  <th class="num">Requested</th>
                  <th class="num">Approved</th>
                  <th class="num">Claimed</th>
                  <th>Claim by</th>
                </tr>
              </thead>
              <tbody>
                ${view.requests.map(
                  (r) =>
                    html`<tr data-testid="mdf-request-${r.id}">
                      <td>${r.partnerName}</td>
                      <td><span class="pill">${r.kind}</span> <a href="/dashboard/mdf/requests/${r.id}">${r.title}</a></td>
                      <td data-testid="mdf-status">${r.status}</td>
                      <td>${day(new Date(r.startsAt))} – ${day(new Date(r.endsAt))}</td>
                      <td class="num">${amount(r.requested)}</td>
                      <td class="num">${amount(r.approved)}</td>
                      <td class="num">${amount(r.claim?.approved ?? r.claim?.claimed)}</td>
                      <td>${r.claimDeadline ? r.claimDeadline.slice(0, 10) : '—'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
            : empty('No MDF request yet.')
        }
        ${view.nextRequestsCursor ? html`<p><a href="/dashboard/mdf?cursor=${view.nextRequestsCursor}">Older requests</a></p>` : null}
      </section>
      ${forms.customers ? requestForm(forms.csrf, forms.customers, forms.partners) : null}
      <section class="card wide" data-testid="mdf-roi">
        <h2>What the funds produced</h2>
        <p class="muted">
          Registrations the partner made for the activity's target customers after it started, their estimated value, and the partner's
          credited revenue for those customers since, from the credit ledger. When several activities targeted a customer, each dollar
          and registration counts once, for the latest of them that had started by then.
        </p>
        ${
          view.roi.activities.length
            ? html`<table>
              <thead>
                <tr>
                  <th>Activity</th>
                  <th>Partner</th>
                  <th class="num">Registrations</th>
                  <th class="num">Pipeline</th>
                  <th class="num">Credited revenue</th>
                  <th class="num">MDF spent</th>
                  <th class="num">Revenue per MDF $</th>
                </tr>
              </thead>
              <tbody>
                ${view.roi.activities.map(
                  (a) =>
                    html`<tr>
                      <td>${a.title}${a.unmeasured ? html`<div class="muted">Not measured: ${a.unmeasured}</div>` : null}</td>
                      <td>${a.partnerName}</td>
                      <td class="num">${a.dealsRegistered}</td>
                      <td class="num">${amount(a.pipeline)}</td>
                      <td class="num">${amount(a.creditedRevenue)}</td>
                      <td class="num">${amount(a.spent)}</td>
                      <td class="num" data-testid="mdf-activity-roi">${a.revenuePerMdfDollar ?? '—'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
            : empty('No approved activity yet.')
        }
      </section>
    </div>`;
}

/** A partner (or alliance, for the partner it picks) asks for funds: the activity, its plan, target customers or a segment, the amount and dates. */
function requestForm(
  csrf: string | null,
  customers: { id: string; name: string }[],
  partners: { id: string; name: string }[] | null,
): SafeHtml {
  return html`<section class="card wide" data-testid="mdf-request-form">
    <h2>${partners ? 'Request funds for a partner' : 'Request funds'}</h2>
    <form class="act" method="post" action="/dashboard/mdf/requests">
      <input type="hidden" name="csrf" value="${csrf ?? ''}">
      ${
        partners
          ? html`<label>Partner
        <select name="partnerId" required>
          <option value="">Choose the partner…</option>
          ${partners.map((p) => html`<option value="${p.id}">${p.name}</option>`)}
        </select></label>`
          : null
      }
      <label>Activity
        <select name="kind" required>
          <option value="EVENT">Event</option><option value="CAMPAIGN">Campaign</option>
          <option value="WORKSHOP">Workshop</option><option value="PROOF_OF_CONCEPT">Proof of concept</option>
        </select></label>
      <label>Title <input name="title" required maxlength="200"></label>
      <label>Plan <textarea name="plan" rows="4" required maxlength="10000"></textarea></label>
      <label>Target customers (the accounts the activity is for)
        <select name="targetCustomerIds" multiple size="${Math.min(Math.max(customers.length, 2), 8)}">
          ${customers.map((c) => html`<option value="${c.id}">${c.name}</option>`)}
        </select></label>
      <label>Or a target segment <input name="targetSegment" maxlength="500" placeholder="e.g. retail in the Nordics"></label>
      <label>Amount (USD) <input name="amount" required inputmode="decimal" placeholder="12000.00"></label>
      <label>Starts <input name="startsAt" type="date" required></label>
      <label>Ends <input name="endsAt" type="date" required></label>
      <div class="buttons"><button type="submit">Request funds</button></div>
    </form>
  </section>`;
}

const presentable = (minor: bigint, currency: string): Amount => ({ amountMinor: minor.toString(), currency });
