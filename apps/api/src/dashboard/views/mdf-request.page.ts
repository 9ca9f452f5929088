import type { Principal } from '../../auth/principal';
import type { MdfDashboardView } from '../mdf-view.service';
import { html, type SafeHtml } from './html.template';
import { day, money } from './money.view';

type MdfRequestView = NonNullable<Awaited<ReturnType<MdfDashboardView['request']>>>;
interface Amount {
  amountMinor: string;
  currency: string;
}
interface Viewer {
  principal: Principal;
  csrfToken: string | null;
}

const amount = (a: Amount | null | undefined) => (a ? money(BigInt(a.amountMinor), a.currency) : '—');
/** Whether the caller's role may take a step the API gives to `roles` (ADMIN may take any). */
const may = (who: Viewer, ...roles: Principal['role'][]) => who.principal.role === 'ADMIN' || roles.includes(who.principal.role);

/** One MDF request: the activity, the decisions and the claim with its proof, and the forms its state and the caller's role allow. */
export function mdfRequestBody(r: MdfRequestView, who: Viewer): SafeHtml {
  const csrf = html`<input type="hidden" name="csrf" value="${who.csrfToken ?? ''}">`;
  const claim = r.claim;
  return html`<p><a href="/dashboard/mdf">All market development funds</a></p>
    <div class="grid">
      <section class="card" data-testid="mdf-request">
        <h2>The activity</h2>
        <dl class="facts">
          <dt>Status</dt><dd data-testid="mdf-status">${r.status}</dd>
          <dt>Partner</dt><dd>${r.partnerName}</dd>
          <dt>Kind</dt><dd>${r.kind}</dd>
          <dt>Dates</dt><dd>${day(new Date(r.startsAt))} – ${day(new Date(r.endsAt))} (${r.period})</dd>
          <dt>Target</dt><dd>${r.targetCustomers.map((c) => c.name).join(', ') || '—'}${r.targetSegment ? html` <span class="pill">segment: ${r.targetSegment}</span>` : null}</dd>
          <dt>Requested</dt><dd class="num" data-testid="mdf-requested">${amount(r.requested)}</dd>
          <dt>Approved</dt><dd class="num" data-testid="mdf-approved">${amount(r.approved)}</dd>
          <dt>Holds of the budget</dt><dd class="num">${amount(r.held)}</dd>
          <dt>Claim by</dt><dd>${r.claimDeadline ? r.claimDeadline.slice(0, 10) : '—'}</dd>
          <dt>Decision</dt><dd data-testid="mdf-decision">${r.decidedBy ? `${r.decidedBy}, ${r.decidedAt!.slice(0, 10)}` : '—'}${r.decisionReason ? `: ${r.decisionReason}` : ''}</dd>
        </dl>
        <h2>Plan</h2>
        <p>${r.plan}</p>
      </section>
      ${
        claim
          ? html`<section class="card" data-testid="mdf-claim">
            <h2>The claim</h2>
            <dl class="facts">
              <dt>Claim</dt><dd data-testid="mdf-claim-status">${claim.status}</dd>
              <dt>Claimed</dt><dd class="num">${amount(claim.claimed)}</dd>
              <dt>Approved</dt><dd class="num" data-testid="mdf-claim-approved">${amount(claim.approved)}</dd>
              <dt>Reached</dt><dd>${claim.leadsReached} leads, ${claim.customersReached} customers</dd>
              <dt>Decision</dt><dd>${claim.decidedBy ? `${claim.decidedBy}, ${claim.decidedAt!.slice(0, 10)}` : '—'}${claim.decisionReason ? `: ${claim.decisionReason}` : ''}</dd>
              <dt>Paid</dt><dd data-testid="mdf-paid">${claim.paidAt ? `${claim.paidAt.slice(0, 10)}, ${claim.paymentReference ?? ''}` : '—'}</dd>
            </dl>
            <p>${claim.summary}</p>
            <h2>Proof of execution</h2>
            ${
              claim.attachments.length
                ? html`<ul data-testid="mdf-proof">
                  ${claim.attachments.map(
                    (a) =>
                      html`<li><a href="/dashboard/mdf/requests/${r.id}/claim/attachments/${a.id}">${a.fileName}</a>
                        <span class="muted">${a.sizeBytes} bytes, sha256 ${a.sha256.slice(0, 12)}…</span></li>`,
                  )}
                </ul>`
                : html`<p class="empty">No file yet.</p>`
            }
          </section>`
          : null
      }
      ${actions(r, who, csrf)}
    </div>`;
}

/** The next steps this request's state allows, for the roles the API gives them to; none for anyone else. */
function actions(r: MdfRequestView, who: Viewer, csrf: SafeHtml): SafeHtml[] {
  const base = `/dashboard/mdf/requests/${r.id}`;
  const forms: SafeHtml[] = [];
  if (r.status === 'SUBMITTED' && may(who, 'ALLIANCE'))
    forms.push(html`<section class="card" data-testid="mdf-decide">
      <h2>Decide</h2>
      <form class="act" method="post" action="${base}/decision">${csrf}
        <label>Approve for (leave empty for the whole ${amount(r.requested)}) <input name="amount" inputmode="decimal"></label>
        <label>Claim deadline (default: 60 days after the activity ends) <input name="claimDeadline" type="date"></label>
        <label>Reason (needed to reject or ask for changes) <textarea name="reason" rows="2" maxlength="1000"></textarea></label>
        <div class="buttons">
          <button type="submit" name="decision" value="approve">Approve</button>
          <button type="submit" name="decision" value="request-changes" class="secondary">Ask for changes</button>
          <button type="submit" name="decision" value="reject" class="secondary">Reject</button>
        </div>
      </form>
    </section>`);
  if (r.status === 'APPROVED' && may(who, 'PARTNER', 'ALLIANCE'))
    forms.push(html`<section class="card" data-testid="mdf-claim-form">
      <h2>Claim</h2>
      <form class="act" method="post" action="${base}/claim" enctype="multipart/form-data">${csrf}
        <label>Amount spent (at most ${amount(r.approved)}) <input name="amount" required inputmode="decimal"></label>
        <label>Leads reached <input name="leadsReached" required inputmode="numeric"></label>
        <label>Customers reached <input name="customersReached" required inputmode="numeric"></label>
        <label>What was done <textarea name="summary" rows="3" required maxlength="10000"></textarea></label>
        <label>Proof of execution (an invoice, photos, the attendee list) <input name="proof" type="file" required></label>
        <div class="buttons"><button type="submit">Claim</button></div>
      </form>
    </section>`);
  if (r.claim?.status === 'SUBMITTED' && may(who, 'PARTNER', 'ALLIANCE'))
    forms.push(html`<section class="card" data-testid="mdf-proof-form">
      <h2>Attach more proof</h2>
      <form class="act" method="post" action="${base}/claim/proof" enctype="multipart/form-data">${csrf}
        <label>File <input name="proof" type="file" required></label>
        <div class="buttons"><button type="submit">Attach</button></div>
      </form>
    </section>`);
  if (r.claim?.status === 'SUBMITTED' && may(who, 'ALLIANCE'))
    forms.push(html`<section class="card" data-testid="mdf-claim-decide">
      <h2>Decide on the claim</h2>
      <form class="act" method="post" action="${base}/claim/decision">${csrf}
        <label>Approve for (leave empty for the ${amount(r.claim.claimed)} claimed) <input name="amount" inputmode="decimal"></label>
        <label>Reason (needed to reject) <textarea name="reason" rows="2" maxlength="1000"></textarea></label>
        <div class="buttons">
          <button type="submit" name="decision" value="approve">Approve the claim</button>
          <button type="submit" name="decision" value="reject" class="secondary">Reject the claim</button>
        </div>
      </form>
    </section>`);
  if (r.claim?.status === 'APPROVED' && may(who, 'FINANCE', 'ALLIANCE'))
    forms.push(html`<section class="card" data-testid="mdf-pay">
      <h2>Pay</h2>
      <form class="act" method="post" action="${base}/claim/pay">${csrf}
        <label>Payment reference <input name="paymentReference" required maxlength="200"></label>
        <div class="buttons"><button type="submit">Mark ${amount(r.claim.approved)} paid</button></div>
      </form>
    </section>`);
  return forms;
}
