import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ApiRole } from '@bridge/database';
import { pageQueryFields } from '@bridge/pagination';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { partnerScopeOf } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { MdfAttachmentService } from '../mdf/mdf-attachment.service';
import { MdfRequestService } from '../mdf/mdf-request.service';
import { MDF_REQUESTS_ORDER } from '../mdf/mdf.schemas';
import { DashboardCaller } from './dashboard-caller.service';
import { DashboardFormErrorFilter } from './dashboard-form-error.filter';
import { sendHtml, sendNotFound, type Viewer } from './dashboard-responses';
import {
  approvalForm,
  CLAIM_DECISIONS,
  claimApprovalForm,
  claimForm,
  decisionOf,
  MDF_DECISIONS,
  paymentForm,
  reasonForm,
  requestForm,
} from './mdf-forms';
import { MdfDashboardView } from './mdf-view.service';
import { html } from './views/html.template';
import { page } from './views/layout.view';
import { mdfBody } from './views/mdf.page';
import { mdfRequestBody } from './views/mdf-request.page';

/** Who may request funds, as POST /v1/mdf/requests allows (ADMIN always may). */
const REQUESTERS: ApiRole[] = ['PARTNER', 'ALLIANCE'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const requestsPage = z.object(pageQueryFields(MDF_REQUESTS_ORDER));

/** A file posted from the claim forms (multer's in-memory file, read within MDF_ATTACHMENT_MAX_BYTES). */
interface PostedFile {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/**
 * Market development funds in the browser: the page, one request with the
 * forms its state and the caller's role allow, and the forms themselves. Each
 * form is the API's operation (the same service, rules, roles and audit),
 * posted with the session's CSRF token; each answers with the request's page,
 * or the form's page again naming what was wrong and changing nothing.
 */
@ApiExcludeController()
@Controller('dashboard/mdf')
@Public()
export class MdfDashboardController {
  constructor(
    private readonly caller: DashboardCaller,
    private readonly view: MdfDashboardView,
    private readonly requests: MdfRequestService,
    private readonly attachments: MdfAttachmentService,
  ) {}

  /** Budgets or the partner's balance, requests newest first (`cursor` pages them), revenue per MDF dollar. */
  @Get()
  async overview(@Req() req: Request, @Res() res: Response, @Query('cursor') cursor?: string) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    // A cursor this page did not issue shows the first page, as the partner page does.
    const paged = requestsPage.safeParse({ cursor: typeof cursor === 'string' ? cursor : undefined });
    const view = await this.view.view(who.principal, paged.success ? paged.data : { limit: 100, cursor: null });
    if (!view) return sendNotFound(res, who);
    const forms = await this.view.requestForm(who.principal);
    sendHtml(
      res,
      HttpStatus.OK,
      page(
        who.partnerName ? `${who.partnerName}: market development funds` : 'Market development funds',
        mdfBody(view, { csrf: who.csrfToken, ...forms }),
        who,
      ),
    );
  }

  @Get('requests/:id')
  async request(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.caller.signedIn(req, res);
    if (who) await this.showRequest(res, who, id, HttpStatus.OK, null);
  }

  /** A partner requests funds for an activity, or alliance for the partner it picks; it then waits for alliance. */
  @Post('requests')
  async submit(@Req() req: Request, @Res() res: Response) {
    const who = await this.caller.poster(req, res);
    if (!who || !this.mayAct(res, who, REQUESTERS, 'request funds')) return;
    try {
      const created = await this.requests.submit(who.principal, requestForm(req));
      res.redirect(HttpStatus.SEE_OTHER, `/dashboard/mdf/requests/${created.id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      sendHtml(res, error.getStatus(), page('Funds not requested', problemsOf(error, '/dashboard/mdf'), who));
    }
  }

  /** Alliance approves (in full, or part with `amount`), rejects with a reason, or asks for changes. */
  @Post('requests/:id/decision')
  async decide(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    await this.act(req, res, id, ['ALLIANCE'], 'decide on MDF requests', async (who) => {
      const decision = decisionOf(req, MDF_DECISIONS);
      if (decision === 'approve') return this.requests.approve(who.principal, id, approvalForm(req));
      if (decision === 'reject') return this.requests.reject(who.principal, id, reasonForm(req));
      if (decision === 'request-changes') return this.requests.requestChanges(who.principal, id, reasonForm(req));
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'decision', `must be one of ${MDF_DECISIONS.join(', ')}`);
    });
  }

  /** The partner claims after the activity, with its first proof of execution (checked before the claim is made). */
  @Post('requests/:id/claim')
  @UseFilters(DashboardFormErrorFilter)
  @UseInterceptors(FileInterceptor('proof'))
  async claim(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @UploadedFile() file?: PostedFile) {
    await this.act(req, res, id, ['PARTNER', 'ALLIANCE'], 'claim MDF', async (who) => {
      const claim = claimForm(req);
      const proof = proofOf(file);
      // Both checked first: a claim is not left without the proof its form carried.
      const scope = partnerScopeOf(who.principal);
      await this.requests.claim(who.principal, scope, id, claim);
      await this.attachments.attach(who.principal, scope, id, proof);
    });
  }

  /** More proof for a claim that waits for alliance. */
  @Post('requests/:id/claim/proof')
  @UseFilters(DashboardFormErrorFilter)
  @UseInterceptors(FileInterceptor('proof'))
  async proof(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @UploadedFile() file?: PostedFile) {
    await this.act(req, res, id, ['PARTNER', 'ALLIANCE'], 'attach proof', (who) =>
      this.attachments.attach(who.principal, partnerScopeOf(who.principal), id, proofOf(file)),
    );
  }

  /** Alliance approves the claim (up to what was approved, or less with `amount`) or rejects it with a reason. */
  @Post('requests/:id/claim/decision')
  async decideClaim(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    await this.act(req, res, id, ['ALLIANCE'], 'decide on MDF claims', async (who) => {
      const decision = decisionOf(req, CLAIM_DECISIONS);
      if (decision === 'approve') return this.requests.approveClaim(who.principal, id, claimApprovalForm(req));
      if (decision === 'reject') return this.requests.rejectClaim(who.principal, id, reasonForm(req));
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'decision', `must be one of ${CLAIM_DECISIONS.join(', ')}`);
    });
  }

  /** Finance (or alliance) marks an approved claim paid, with the payment's reference. */
  @Post('requests/:id/claim/pay')
  async pay(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    await this.act(req, res, id, ['FINANCE', 'ALLIANCE'], 'mark MDF claims paid', (who) =>
      this.requests.payClaim(who.principal, id, paymentForm(req)),
    );
  }

  @Get('requests/:id/claim/attachments/:attachmentId')
  async download(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('attachmentId') attachmentId: string) {
    const who = await this.caller.signedIn(req, res);
    if (!who) return;
    const scope = partnerScopeOf(who.principal);
    const file = UUID.test(id) && UUID.test(attachmentId) ? await this.attachments.download(scope, id, attachmentId) : null;
    if (!file) return sendNotFound(res, who);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    // Never rendered as a page of this site: a proof file is the partner's content.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`);
    res.send(Buffer.from(file.content));
  }

  /**
   * A form on one request: the caller (CSRF checked), its role, the request in
   * its scope (another partner's is not found), then the step. A refused step
   * changes nothing and shows the request again with the reason.
   */
  private async act(
    req: Request,
    res: Response,
    id: string,
    roles: ApiRole[],
    what: string,
    step: (who: Viewer) => Promise<unknown>,
  ): Promise<void> {
    const who = await this.caller.poster(req, res);
    if (!who || !this.mayAct(res, who, roles, what)) return;
    if (!UUID.test(id) || !(await this.view.request(who.principal, id))) return sendNotFound(res, who);
    try {
      await step(who);
      res.redirect(HttpStatus.SEE_OTHER, `/dashboard/mdf/requests/${id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await this.showRequest(res, who, id, error.getStatus(), error);
    }
  }

  /** ADMIN may do anything; other roles only what the API lets them. */
  private mayAct(res: Response, who: Viewer, roles: ApiRole[], what: string): boolean {
    if (who.principal.role === 'ADMIN' || roles.includes(who.principal.role)) return true;
    sendHtml(
      res,
      HttpStatus.FORBIDDEN,
      page(
        'Not allowed',
        html`<p>The ${who.principal.role.toLowerCase()} role may not ${what}. Nothing changed.</p>
        <p><a href="/dashboard/mdf">Back to market development funds</a></p>`,
        who,
      ),
    );
    return false;
  }

  private async showRequest(res: Response, who: Viewer, id: string, status: number, problem: ApiError | null) {
    const request = UUID.test(id) ? await this.view.request(who.principal, id) : null;
    if (!request) return sendNotFound(res, who);
    const body = html`${problem ? problemsOf(problem, null) : null}${mdfRequestBody(request, who)}`;
    sendHtml(res, status, page(`${request.partnerName}: ${request.title}`, body, who));
  }
}

/** What the service refused, each field with its reason, for the page to show above the form. */
function problemsOf(error: HttpException, back: string | null) {
  const answer = error.getResponse() as { message?: string; details?: { field: string; reason: string }[] };
  const details = answer.details ?? [];
  return html`<div class="problem" role="alert" data-testid="form-problem">
    <p>Nothing changed: ${details.length ? 'the form needs another look.' : (answer.message ?? error.message)}</p>
    ${details.length ? html`<ul>${details.map((d) => html`<li><strong>${d.field}</strong>: ${d.reason}</li>`)}</ul>` : null}
    ${back ? html`<p><a href="${back}">Back</a></p>` : null}
  </div>`;
}

/** The uploaded proof as the attachment service takes it; a form without a file is refused naming the field. */
function proofOf(file: PostedFile | undefined) {
  if (!file) throw ApiError.field(HttpStatus.BAD_REQUEST, 'proof', 'attach the proof of execution (a file)');
  if (file.buffer.length === 0) throw ApiError.field(HttpStatus.BAD_REQUEST, 'proof', 'the file is empty');
  const fileName = file.originalname.split(/[/\\]/).pop()?.replace(/\0/g, '').trim().slice(0, 200) || 'proof';
  return { fileName, contentType: (file.mimetype || 'application/octet-stream').toLowerCase(), content: file.buffer };
}
