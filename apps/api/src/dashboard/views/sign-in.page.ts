import { html, type SafeHtml } from './html.template';

export function signInBody(error: string | null): SafeHtml {
  return html`<form class="card signin" method="post" action="/dashboard/sign-in">
  <p>Sign in with an API key. A partner's key shows that partner's numbers only.</p>
  ${error ? html`<p class="error" role="alert">${error}</p>` : null}
  <label for="key">API key</label>
  <input id="key" name="key" type="password" autocomplete="off" required minlength="8">
  <button type="submit">Sign in</button>
</form>`;
}
