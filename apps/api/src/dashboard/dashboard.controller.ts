import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { mayAccess } from '../auth/role-table';
import { AccountHealthService } from '../customer-success/account-health.service';
import { startCsvDownload, streamCsvRows } from '../http/csv.writer';
import { DashboardCsv, type CsvFile, type StreamedCsvFile } from './dashboard-csv.service';
import { DashboardCaller } from './dashboard-caller.service';
import { formField, sendHtml, sendNotFound } from './dashboard-responses';
import { DashboardSession, randomToken } from './dashboard-session.service';
import { clearedCookie, cookie, cookieValue, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE } from './session-cookies';
import { DashboardViews } from './dashboard-view.service';
import { commitmentBody } from './views/commitment.page';
import { dealBody } from './views/deal.page';
import { accountsBody } from './views/accounts.page';
import { html } from './views/html.template';
import { page } from './views/layout.view';
import { overviewBody } from './views/overview.page';
import { partnerBody } from './views/partner.page';
import { signInBody } from './views/sign-in.page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The dashboard: server-rendered pages signed in with an API key, held by a
 * server-side session (see DashboardSession). Routes are @Public() for the
 * API's Bearer guard because they authenticate the session themselves, with
 * the same keys and scopes. Its forms carry CSRF tokens: the sign-in form a
 * double-submit cookie, the sign-out form its session's token.
 */
@ApiExcludeController()
@Controller('dashboard')
@Public()
export class DashboardController {
  constructor(
    private readonly session: DashboardSession,
    private readonly caller: DashboardCaller,
    private readonly views: DashboardViews,
    private readonly csv: DashboardCsv,
    private readonly accountHealth: AccountHealthService,
  ) {}

  @Get('sign-in')
  signInForm(@Req() req: Request, @Res() res: Response) {
    this.signInPage(req, res, HttpStatus.OK, null);
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response) {
    const expected = cookieValue(req, SIGN_IN_CSRF_COOKIE);
    if (!expected || formField(req, 'csrf') !== expected) {
      return this.signInPage(req, res, HttpStatus.FORBIDDEN, 'The sign-in form had expired or came from another site. Sign in again.');
    }
    const key = formField(req, 'key').trim();
    const signedIn = key ? await this.session.signIn(key, req) : ({ outcome: 'unknown' } as const);
    if (signedIn.outcome === 'throttled') {
      res.setHeader('Retry-After', String(signedIn.retryAfterSeconds));
      return this.signInPage(
        req,
        res,
        HttpStatus.TOO_MANY_REQUESTS,
        `Too many unknown keys from your address. Try again in ${Math.ceil(signedIn.retryAfterSeconds / 60)} minute(s).`,
      );
    }
    if (signedIn.outcome === 'unknown' || !signedIn.sessionId)
      return this.signInPage(req, res, HttpStatus.UNAUTHORIZED, 'That API key is unknown or revoked.');
    const secure = this.session.secureCookies(req);
    res.setHeader('Set-Cookie', [
      cookie(SESSION_COOKIE, signedIn.sessionId, this.session.maxAgeSeconds, secure),
      clearedCookie(SIGN_IN_CSRF_COOKIE, secure),
    ]);
    res.redirect(HttpStatus.SEE_OTHER, '/dashboard');
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    if ((await this.session.signOut(req, formField(req, 'csrf'))) === 'refused') {
      // A live session stays signed in: a post without its token may come from another site.
      return sendHtml(
        res,
        HttpStatus.FORBIDDEN,
        page(
          'Not signed out',
          html`<p>That sign-out did not come from this dashboard. <a href="/dashboard">Back to the overview</a></p>`,
          null,
        ),
      );
    }
    res.setHeader('Set-Cookie', clearedCookie(SESSION_COOKIE, this.session.secureCookies(req)));
    res.redirect(HttpStatus.SEE_OTHER, '/dashboard/sign-in');
  }

  @Get()
  async overview(@Req() req: Request, @Res() res: Response, @Query('commitments') commitments?: string) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    const view = await this.views.overview(who.principal, typeof commitments === 'string' ? commitments : undefined);
    sendHtml(
      res,
      HttpStatus.OK,
      page(who.partnerName ? `${who.partnerName}: overview` : 'Overview', overviewBody(view, who.principal.partnerId), who),
    );
  }

  @Get('commitments/:id')
  async commitment(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('asOf') asOf?: string) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    const view = UUID.test(id) ? await this.views.commitment(who.principal, id, parseAsOf(asOf)) : null;
    if (!view) return sendNotFound(res, who);
    sendHtml(res, HttpStatus.OK, page(`${view.customerName}: cloud-commit burn-down`, commitmentBody(view), who));
  }

  @Get('partners/:id')
  async partner(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('cursor') cursor?: string) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    const view = UUID.test(id) ? await this.views.partner(who.principal, id, typeof cursor === 'string' ? cursor : undefined) : null;
    if (!view) return sendNotFound(res, who);
    sendHtml(res, HttpStatus.OK, page(`${view.partner.name}: credits`, partnerBody(view), who));
  }

  /** A deal registration with the Azure marketplace terms accepted under it (Marketplace Ordering evidence). */
  @Get('deals/:id')
  async deal(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    const view = UUID.test(id) ? await this.views.deal(who.principal, id) : null;
    if (!view) return sendNotFound(res, who);
    sendHtml(res, HttpStatus.OK, page(`${view.customer.name}: deal registration`, dealBody(view, who.principal.role !== 'PARTNER'), who));
  }

  /** Partner-led accounts at risk and their adoption: every one for customer success, its own book for a partner. */
  @Get('accounts')
  async accounts(@Req() req: Request, @Res() res: Response) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    const partnerId = who.principal.role === 'PARTNER' ? who.principal.partnerId : null;
    if (!partnerId && !mayAccess(who.principal, 'customerSuccess')) return sendNotFound(res, who);
    const accounts = await this.accountHealth.accounts(await this.accountHealth.influencedCustomers(partnerId));
    sendHtml(
      res,
      HttpStatus.OK,
      page(who.partnerName ? `${who.partnerName}: book of accounts` : 'Partner-led accounts', accountsBody(accounts, !partnerId), who),
    );
  }

  @Get('partners/:id/credits.csv')
  async creditsCsv(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const principal = await this.csvCaller(req, res);
    if (principal) await this.streamCsv(res, UUID.test(id) ? await this.csv.credits(principal, id) : null);
  }

  @Get('commitments/:id/burndown.csv')
  async burndownCsv(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('asOf') asOf?: string) {
    const principal = await this.csvCaller(req, res);
    if (principal) this.sendCsv(res, UUID.test(id) ? await this.csv.burndown(principal, id, parseAsOf(asOf)) : null);
  }

  @Get('leaderboard.csv')
  async leaderboardCsv(@Req() req: Request, @Res() res: Response) {
    const principal = await this.csvCaller(req, res);
    if (principal) await this.streamCsv(res, this.csv.leaderboard(principal));
  }

  @Get('offers.csv')
  async offersCsv(@Req() req: Request, @Res() res: Response) {
    const principal = await this.csvCaller(req, res);
    if (principal) this.sendCsv(res, await this.csv.offers(principal));
  }

  @Get('reconciliation/variances.csv')
  async variancesCsv(@Req() req: Request, @Res() res: Response) {
    const principal = await this.csvCaller(req, res);
    if (!principal) return;
    // Refused as the API refuses GET /v1/reconciliation/items to the same role.
    if (!mayAccess(principal, 'reconciliation'))
      return res.status(HttpStatus.FORBIDDEN).type('text/plain').send(`the ${principal.role} role may not do this\n`);
    await this.streamCsv(res, this.csv.variances(principal));
  }

  /** The sign-in form, with a fresh double-submit CSRF token in its cookie and its hidden field. */
  private signInPage(req: Request, res: Response, status: number, error: string | null) {
    const csrf = randomToken();
    res.setHeader('Set-Cookie', cookie(SIGN_IN_CSRF_COOKIE, csrf, 3600, this.session.secureCookies(req)));
    sendHtml(res, status, page('Sign in', signInBody(error, csrf), null));
  }

  private async csvCaller(req: Request, res: Response): Promise<Principal | null> {
    const principal = await this.session.principalOf(req);
    if (!principal) res.status(HttpStatus.UNAUTHORIZED).type('text/plain').send('sign in first: /dashboard/sign-in\n');
    return principal;
  }

  /** A large export, written batch by batch as it is read: never whole in memory. */
  private async streamCsv(res: Response, file: StreamedCsvFile | null) {
    if (!file) return res.status(HttpStatus.NOT_FOUND).type('text/plain').send('not found\n');
    await streamCsvRows(res, file.nameParts, file.header, file.batches);
  }

  private sendCsv(res: Response, file: CsvFile | null) {
    if (!file) return res.status(HttpStatus.NOT_FOUND).type('text/plain').send('not found\n');
    startCsvDownload(res, ...file.nameParts);
    res.send(file.body);
  }
}

function parseAsOf(asOf: string | undefined): Date {
  const at = asOf ? new Date(asOf) : new Date();
  return Number.isNaN(at.getTime()) ? new Date() : at;
}
