import { html, type SafeHtml } from '../dashboard/views/html.template';
import { page } from '../dashboard/views/layout.view';
import type { ResolvedCustomer } from '@bridge/marketplace';

/** What the buyer sees after AWS Marketplace sent them here: what they are registered as. */
export function registeredPage(customer: ResolvedCustomer, productName: string | null): string {
  return page(
    'You are registered',
    html`<section class="card" data-testid="registration-confirmed"><p>Your AWS Marketplace subscription is set up. Usage of your account is now measured and billed through AWS Marketplace.</p>
    <table><tbody>
      <tr><th>Product</th><td>${productName ?? customer.productCode}</td></tr>
      <tr><th>AWS account</th><td data-testid="registered-account">${customer.awsAccountId}</td></tr>
      ${customer.licenseArn ? html`<tr><th>Licence</th><td><code>${customer.licenseArn}</code></td></tr>` : null}
    </tbody></table></section>`,
    null,
  );
}

/** A token that is missing, forged or expired: the buyer is told what to do, and nothing is registered. */
export function refusedPage(title: string, why: string): string {
  return page(title, notice(why), null);
}

function notice(why: string): SafeHtml {
  return html`<section class="card" data-testid="registration-refused"><p>${why}</p>
  <p>Open your subscription in the AWS Marketplace console (Manage subscriptions) and choose <strong>Set up your account</strong> to be sent here again.</p></section>`;
}
