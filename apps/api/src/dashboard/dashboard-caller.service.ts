import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SecretMatcher } from '../auth/secret-matcher';
import { formField, sendHtml, type Viewer } from './dashboard-responses';
import { DashboardSession } from './dashboard-session.service';
import { DashboardViews } from './dashboard-view.service';
import { html } from './views/html.template';
import { page } from './views/layout.view';

/** The caller of a dashboard page or form, or the answer that sends them away. */
@Injectable()
export class DashboardCaller {
  constructor(
    private readonly session: DashboardSession,
    private readonly views: DashboardViews,
  ) {}

  /** The signed-in caller, or a redirect to the sign-in page. */
  async signedIn(req: Request, res: Response): Promise<Viewer | null> {
    const who = await this.session.signedInOf(req);
    if (!who) {
      res.redirect(HttpStatus.SEE_OTHER, '/dashboard/sign-in');
      return null;
    }
    return { ...who, partnerName: await this.views.partnerName(who.principal) };
  }

  /**
   * The caller of a form post. A browser's post must carry its session's CSRF
   * token (another site can make a browser post, never read the token); a
   * script's Bearer key is not sent by browsers on their own, so it needs none.
   */
  async poster(req: Request, res: Response): Promise<Viewer | null> {
    const who = await this.signedIn(req, res);
    if (!who) return null;
    if (who.csrfToken !== null && !new SecretMatcher(who.csrfToken).matches(formField(req, 'csrf'))) {
      sendHtml(
        res,
        HttpStatus.FORBIDDEN,
        page(
          'Not done',
          html`<p>That form did not come from this dashboard, or its page had expired. Nothing changed.</p>
          <p><a href="/dashboard">Back to the overview</a></p>`,
          who,
        ),
      );
      return null;
    }
    return who;
  }
}
