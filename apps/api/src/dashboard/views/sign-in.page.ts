import { html, type SafeHtml } from './html.template';

/** The sign-in form; csrf is echoed against its cookie (double submit). */
export function signInBody(error: string | null, csrf: string): SafeHtml {
  return html`<form class="card signin" method="post" action="/dashboard/sign-in">
  <p>Sign in with an API key. A partner's key shows that partner's numbers only.</p>
  ${error ? html`<p class="error" role="alert">${error}</p>` : null}
  <input type="hidden" name="csrf" value="${csrf}">
  <label for="key">API key</label>
  <input id="key" name="key" type="password" autocomplete="off" required minlength="8">
  <button type="submit">Sign in</button>
</form>`;
}
