import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SignedIn } from './dashboard-session.service';
import { isStaff } from './dashboard-view.service';
import { html } from './views/html.template';
import { page } from './views/layout.view';

/** Who a page is rendered for: the signed-in caller and its partner's name, if a partner's. */
export type Viewer = SignedIn & { partnerName: string | null };

/** Every dashboard page: never cached, and no script, frame or form target but this site. */
export function sendHtml(res: Response, status: number, body: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
  );
  // Written as is, without the ETag Express would hash from every page: a page never stored is never revalidated.
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendNotFound(res: Response, who: Viewer): void {
  const hint = isStaff(who.principal) ? null : html`<p class="muted">A partner's sign-in sees only its own partner's pages.</p>`;
  sendHtml(
    res,
    HttpStatus.NOT_FOUND,
    page('Not found', html`<p>Nothing here.</p>${hint}<p><a href="/dashboard">Back to the overview</a></p>`, who),
  );
}

/** A posted form's field as text ('' when absent or repeated). */
export function formField(req: Request, name: string): string {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A posted form's field that may repeat (a multiple select): its values, in order. */
export function formFields(req: Request, name: string): string[] {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
