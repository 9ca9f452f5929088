import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { mayAccess } from '../auth/role-table';
import { startCsvDownload } from '../http/csv.writer';
import { DashboardCsv, type CsvFile } from './dashboard-csv.service';
import { clearedSessionCookie, DashboardSession, sessionCookie } from './dashboard-session.service';
import { DashboardViews, isStaff } from './dashboard-view.service';
import { commitmentBody } from './views/commitment.page';
import { html } from './views/html.template';
import { page } from './views/layout.view';
import { overviewBody } from './views/overview.page';
import { partnerBody } from './views/partner.page';
import { signInBody } from './views/sign-in.page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The dashboard: server-rendered pages signed in with an API key held in a
 * session cookie. Routes are @Public() for the API's Bearer guard because
 * they authenticate the cookie themselves, with the same keys and scopes.
 */
@ApiExcludeController()
@Controller('dashboard')
@Public()
export class DashboardController {
  constructor(
    private readonly session: DashboardSession,
    private readonly views: DashboardViews,
    private readonly csv: DashboardCsv,
  ) {}

  @Get('sign-in')
  signInForm(@Res() res: Response) {
    this.send(res, HttpStatus.OK, page('Sign in', signInBody(null), null));
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response) {
    const key = typeof req.body?.key === 'string' ? (req.body.key as string).trim() : '';
    const principal = key ? await this.session.authenticate(key) : null;
    if (!principal) return this.send(res, HttpStatus.UNAUTHORIZED, page('Sign in', signInBody('That API key is unknown or revoked.'), null));
    res.setHeader('Set-Cookie', sessionCookie(key, req.secure || req.headers['x-forwarded-proto'] === 'https'));
    res.redirect(HttpStatus.SEE_OTHER, '/dashboard');
  }

  @Post('sign-out')
  signOut(@Res() res: Response) {
    res.setHeader('Set-Cookie', clearedSessionCookie());
    res.redirect(HttpStatus.SEE_OTHER, '/dashboard/sign-in');
  }

  @Get()
  async overview(@Req() req: Request, @Res() res: Response) {
    const who = await this.signedIn(req, res);
    if (!who) return;
    const view = await this.views.overview(who.principal);
    this.send(res, HttpStatus.OK, page(who.partnerName ? `${who.partnerName}: overview` : 'Overview', overviewBody(view, who.principal.partnerId), who));
  }

  @Get('commitments/:id')
  async commitment(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('asOf') asOf?: string) {
    const who = await this.signedIn(req, res);
    if (!who) return;
    const view = UUID.test(id) ? await this.views.commitment(who.principal, id, parseAsOf(asOf)) : null;
    if (!view) return this.notFound(res, who);
    this.send(res, HttpStatus.OK, page(`${view.customerName}: cloud-commit burn-down`, commitmentBody(view), who));
  }

  @Get('partners/:id')
  async partner(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.signedIn(req, res);
    if (!who) return;
    const view = UUID.test(id) ? await this.views.partner(who.principal, id) : null;
    if (!view) return this.notFound(res, who);
    this.send(res, HttpStatus.OK, page(`${view.partner.name}: credits`, partnerBody(view), who));
  }

  @Get('partners/:id/credits.csv')
  async creditsCsv(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const principal = await this.csvCaller(req, res);
    if (principal) this.sendCsv(res, UUID.test(id) ? await this.csv.credits(principal, id) : null);
  }

  @Get('commitments/:id/burndown.csv')
  async burndownCsv(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('asOf') asOf?: string) {
    const principal = await this.csvCaller(req, res);
    if (principal) this.sendCsv(res, UUID.test(id) ? await this.csv.burndown(principal, id, parseAsOf(asOf)) : null);
  }

  @Get('leaderboard.csv')
  async leaderboardCsv(@Req() req: Request, @Res() res: Response) {
    const principal = await this.csvCaller(req, res);
    if (principal) this.sendCsv(res, await this.csv.leaderboard(principal));
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
    if (!mayAccess(principal, 'reconciliation')) return res.status(HttpStatus.FORBIDDEN).type('text/plain').send(`the ${principal.role} role may not do this\n`);
    this.sendCsv(res, await this.csv.variances(principal));
  }

  /** The signed-in caller, or a redirect to the sign-in page. */
  private async signedIn(req: Request, res: Response): Promise<{ principal: Principal; partnerName: string | null } | null> {
    const principal = await this.session.principalOf(req);
    if (!principal) {
      res.redirect(HttpStatus.SEE_OTHER, '/dashboard/sign-in');
      return null;
    }
    return { principal, partnerName: await this.views.partnerName(principal) };
  }

  private async csvCaller(req: Request, res: Response): Promise<Principal | null> {
    const principal = await this.session.principalOf(req);
    if (!principal) res.status(HttpStatus.UNAUTHORIZED).type('text/plain').send('sign in first: /dashboard/sign-in\n');
    return principal;
  }

  private notFound(res: Response, who: { principal: Principal; partnerName: string | null }) {
    const hint = isStaff(who.principal) ? null : html`<p class="muted">A partner's sign-in sees only its own partner's pages.</p>`;
    this.send(res, HttpStatus.NOT_FOUND, page('Not found', html`<p>Nothing here.</p>${hint}<p><a href="/dashboard">Back to the overview</a></p>`, who));
  }

  private send(res: Response, status: number, body: string) {
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'");
    res.type('html').send(body);
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
