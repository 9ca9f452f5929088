import type { ResolvedSubscription } from '@bridge/marketplace';
import { html, type SafeHtml } from '../dashboard/views/html.template';
import { page } from '../dashboard/views/layout.view';

/** Microsoft's own words for a token it cannot resolve (SaaS fulfillment Subscription APIs v2, "Resolve a purchased subscription"). */
export const UNIDENTIFIED_PURCHASE =
  'We couldn\u2019t identify this purchase. Reopen this SaaS subscription in the Azure portal or in Microsoft 365 Admin Center and select \u201cConfigure Account\u201d or \u201cManage Account\u201d again.';

function purchaseTable(resolved: ResolvedSubscription, offerTitle: string | null): SafeHtml {
  const s = resolved.subscription;
  return html`<table data-testid="azure-purchase">
    <tbody>
      <tr>
        <th>Offer</th>
        <td data-testid="azure-offer">${offerTitle ?? resolved.offerId}</td>
      </tr>
      <tr>
        <th>Plan</th>
        <td data-testid="azure-plan">${resolved.planId}</td>
      </tr>
      ${
        resolved.quantity !== null
          ? html`<tr>
            <th>Quantity</th>
            <td data-testid="azure-quantity">${String(resolved.quantity)}</td>
          </tr>`
          : null
      }
      <tr>
        <th>Subscription</th>
        <td>${resolved.subscriptionName ?? s.name ?? resolved.id}</td>
      </tr>
      <tr>
        <th>Microsoft Entra tenant</th>
        <td data-testid="azure-tenant"><code>${s.beneficiary?.tenantId ?? ''}</code></td>
      </tr>
      <tr>
        <th>Purchased by</th>
        <td>${s.purchaser?.emailId ?? s.beneficiary?.emailId ?? ''}</td>
      </tr>
      ${
        s.term?.termUnit
          ? html`<tr>
            <th>Billing term</th>
            <td>${s.term.termUnit === 'P1Y' ? 'yearly' : s.term.termUnit === 'P1M' ? 'monthly' : s.term.termUnit}</td>
          </tr>`
          : null
      }
    </tbody>
  </table>`;
}

/** What the buyer bought, with the one button that activates it (the token travels back in the form, nothing else). */
export function confirmPage(resolved: ResolvedSubscription, offerTitle: string | null, token: string): string {
  return page(
    'Activate your subscription',
    html`<section class="card" data-testid="azure-confirm">
      <p>Microsoft confirmed this purchase. Check it, then activate it: billing through Microsoft starts when you do.</p>
      ${purchaseTable(resolved, offerTitle)}
      <form method="post" action="/marketplace/azure/landing">
        <input type="hidden" name="token" value="${token}" />
        <button type="submit" data-testid="azure-activate">Activate subscription</button>
      </form>
    </section>`,
    null,
  );
}

export function activatedPage(resolved: ResolvedSubscription, offerTitle: string | null, already: boolean): string {
  return page(
    already ? 'Your subscription is already active' : 'Your subscription is active',
    html`<section class="card" data-testid="azure-activated">
      <p>
        ${
          already
            ? 'This subscription was activated before; nothing has changed.'
            : 'Your subscription is active. Usage is now measured and billed through Microsoft.'
        }
      </p>
      ${purchaseTable(resolved, offerTitle)}
    </section>`,
    null,
  );
}

/** A token that is missing, forged, expired, or for a subscription that can no longer be activated: nothing changes. */
export function refusedPage(title: string, why: string): string {
  return page(
    title,
    html`<section class="card" data-testid="azure-refused">
      <p>${why}</p>
    </section>`,
    null,
  );
}
