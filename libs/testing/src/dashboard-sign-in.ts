/** Signs in to the dashboard with an API key as a browser would (double-submit CSRF form), returning the session cookie. */
export async function dashboardSession(apiUrl: string, key: string): Promise<string> {
  const form = await fetch(`${apiUrl}/dashboard/sign-in`);
  const csrfCookie = form.headers
    .getSetCookie()
    .find((c) => c.startsWith('mpb_sign_in_csrf='))!
    .split(';')[0]!;
  const csrf = csrfCookie.split('=')[1]!;
  const signedIn = await fetch(`${apiUrl}/dashboard/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrf, key }).toString(),
  });
  const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('mpb_session='));
  if (!session) throw new Error(`dashboard sign-in failed: ${signedIn.status}`);
  return session.split(';')[0]!;
}
