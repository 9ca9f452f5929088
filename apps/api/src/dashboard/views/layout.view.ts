import type { Principal } from '../../auth/principal';
import { html, type SafeHtml } from './html.template';
import { DASHBOARD_CSS } from './dashboard.styles';

/** Every page: no script, no font or stylesheet from anywhere but this response. */
export function page(
  title: string,
  body: SafeHtml,
  who: { principal: Principal; partnerName: string | null; csrfToken: string | null } | null,
): string {
  const signedIn = who
    ? html`<div class="who"><span data-testid="signed-in-as">${who.partnerName ? `${who.partnerName} (partner)` : who.principal.role.toLowerCase()}</span>
        <form method="post" action="/dashboard/sign-out"><input type="hidden" name="csrf" value="${who.csrfToken ?? ''}"><button type="submit">Sign out</button></form></div>`
    : null;
  const nav = who
    ? html`<nav><a href="/dashboard">Overview</a><a href="/dashboard/mdf">MDF</a><a href="/dashboard/accounts">Accounts</a>${who.principal.role === 'ADMIN' ? html`<a href="/admin/queues">Queues</a>` : null}<a href="/docs">API</a></nav>`
    : null;
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Partner Bridge</title><style>${DASHBOARD_CSS}</style></head>
<body><header><a class="brand" href="/dashboard">Marketplace Partner Bridge</a>${nav}${signedIn}</header>
<main><h1>${title}</h1>${body}</main></body></html>`}`;
}

export const empty = (what: string) => html`<p class="empty">${what}</p>`;
