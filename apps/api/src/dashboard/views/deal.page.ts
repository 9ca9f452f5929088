import type { DashboardViews } from '../dashboard-view.service';
import { html, type SafeHtml } from './html.template';
import { empty } from './layout.view';
import { day, money } from './money.view';

type DealView = NonNullable<Awaited<ReturnType<DashboardViews['deal']>>>;

const when = (at: Date | null) => (at ? at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');
const link = (href: string | null, label: string) => (href ? html`<a href="${href}" rel="noopener noreferrer">${label}</a>` : null);

/**
 * A deal registration and its evidence of deployment: each Azure plan whose
 * marketplace terms were accepted on the customer's subscription, with who
 * accepted them and when, and the agreement Azure recorded.
 */
export function dealBody(deal: DealView, showPartner: boolean): SafeHtml {
  return html`<p class="muted" data-testid="deal-summary">
      ${showPartner ? html`Registered by <a href="/dashboard/partners/${deal.partner.id}">${deal.partner.name}</a> · ` : null}
      ${deal.engagement.toLowerCase()} · ${deal.listing ? `${deal.listing.cloud} ${deal.listing.title} (${deal.listing.productId})` : 'any listing'}
      · registered ${day(deal.registeredAt)} · expires ${day(deal.expiresAt)}
    </p>
    <div class="kpis">
      <div class="kpi">
        <div class="label">Status</div>
        <div class="value" data-testid="deal-status">${deal.status}</div>
        ${deal.decidedAt ? html`<div class="muted">${day(deal.decidedAt)} by ${deal.decidedBy ?? '—'}${deal.decisionReason ? `: ${deal.decisionReason}` : ''}</div>` : null}
      </div>
      <div class="kpi">
        <div class="label">Estimated value</div>
        <div class="value">${money(deal.estimatedValueMinor, deal.currency)}</div>
      </div>
    </div>
    <section class="card wide" data-testid="marketplace-terms">
      <h2>Azure marketplace terms accepted</h2>
      ${
        deal.marketplaceTerms.length
          ? html`<table>
              <thead>
                <tr>
                  <th>Accepted by</th>
                  <th>When</th>
                  <th>Subscription</th>
                  <th>Publisher / offer / plan</th>
                  <th>Agreement</th>
                  <th>Terms</th>
                </tr>
              </thead>
              <tbody>
                ${deal.marketplaceTerms.map(
                  (t) =>
                    html`<tr data-testid="terms-${t.planId}">
                      <td style="white-space:normal">${t.acceptedBy}</td>
                      <td>${when(t.acceptedAt)}${t.retrievedAt ? html`<div class="muted">on Azure ${when(t.retrievedAt)}</div>` : null}</td>
                      <td>${t.azureSubscriptionId}</td>
                      <td style="white-space:normal">${t.publisherId} / ${t.offerId} / ${t.planId}<div class="muted">${t.offerType}</div></td>
                      <td style="white-space:normal" data-testid="agreement-id">${t.agreementId}</td>
                      <td>${link(t.licenseTextLink, 'licence')} ${link(t.privacyPolicyLink, 'privacy')} ${link(t.marketplaceTermsLink, 'marketplace')}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : empty('No marketplace terms accepted under this registration.')
      }
    </section>`;
}
