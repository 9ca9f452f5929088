import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { findPage } from '@bridge/pagination';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { readBoundedBody } from '../http/bounded-body.reader';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { MdfAttachmentService } from './mdf-attachment.service';
import { MdfRequestService } from './mdf-request.service';
import { MdfRepository } from './mdf.repository';
import { MdfRoiService } from './mdf-roi.service';
import { presentRequest } from './mdf.presenter';
import {
  approveClaimSchema,
  approveRequestSchema,
  attachmentQuery,
  createRequestSchema,
  listRequestsQuery,
  MDF_REQUESTS_ORDER,
  payClaimSchema,
  reasonSchema,
  reviseRequestSchema,
  roiQuery,
  submitClaimSchema,
  type CreateRequestInput,
  type ListRequestsQuery,
  type SubmitClaimInput,
  attachmentView,
  mdfRequestView,
  mdfRequestsPage,
  roiView,
  type MdfRequestView,
} from './mdf.schemas';
import { Responds, RespondsWith } from '../http/responds.decorator';

const idPipe = uuidPipe();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READERS = ['PARTNER', ...ROLES_FOR.mdf] as const;

/**
 * Partners request funds for an activity and claim them afterwards with proof;
 * alliance decides; finance (or alliance) marks a claim paid. A partner's key
 * sees and acts on its own requests only: anyone else's answers 404.
 */
@ApiTags('market development funds')
@ApiBearerAuth()
@Controller('v1/mdf')
export class MdfRequestsController {
  constructor(
    private readonly service: MdfRequestService,
    private readonly attachments: MdfAttachmentService,
    private readonly mdf: MdfRepository,
    private readonly roiService: MdfRoiService,
  ) {}

  @Post('requests')
  @Roles('PARTNER', 'ALLIANCE')
  @ApiBody({ schema: openApiSchema(createRequestSchema) })
  @Responds(201, mdfRequestView, 'The request, submitted')
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createRequestSchema)) body: CreateRequestInput,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.submit(principal, body));
  }

  @Get('requests')
  @Roles(...READERS)
  @Paginated('requests', 'createdAt descending, then id')
  @Responds(200, mdfRequestsPage, 'A page of requests')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listRequestsQuery, 'query')) query: ListRequestsQuery,
  ): Promise<z.output<typeof mdfRequestsPage>> {
    const now = new Date();
    const { rows, page } = await findPage(MDF_REQUESTS_ORDER, query, (args) =>
      this.mdf.listRequests(partnerScopeOf(principal), query, now, args),
    );
    return { requests: rows.map((r) => presentRequest(r, now)), page };
  }

  /** Revenue per MDF dollar per activity, partner and quarter: registrations, pipeline and credited revenue that followed. */
  @Get('roi')
  @Roles(...READERS)
  @Responds(200, roiView, 'Return on MDF per activity, partner and period')
  async roi(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(roiQuery, 'query')) query: z.infer<typeof roiQuery>,
  ): Promise<z.output<typeof roiView>> {
    return this.roiService.roi(partnerScopeOf(principal), query);
  }

  @Get('requests/:id')
  @Roles(...READERS)
  @Responds(200, mdfRequestView, 'The request and its claim')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string): Promise<MdfRequestView> {
    const request = await this.mdf.findRequest(partnerScopeOf(principal), id);
    if (!request) throw ApiError.notFound(`MDF request ${id}`);
    return presentRequest(request);
  }

  @Put('requests/:id')
  @Roles('PARTNER', 'ALLIANCE')
  @ApiBody({ schema: openApiSchema(reviseRequestSchema) })
  @Responds(200, mdfRequestView, 'The request, revised')
  async revise(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reviseRequestSchema)) body: CreateRequestInput,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.revise(principal, partnerScopeOf(principal), id, body));
  }

  /** Approves the whole request, or part of it with `amount`; refused (409) beyond what the budget has left. */
  @Post('requests/:id/approve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(approveRequestSchema) })
  @Responds(200, mdfRequestView, 'The request, approved')
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(approveRequestSchema)) body: z.infer<typeof approveRequestSchema>,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.approve(principal, id, body));
  }

  @Post('requests/:id/reject')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(reasonSchema) })
  @Responds(200, mdfRequestView, 'The request, rejected')
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.reject(principal, id, body.reason));
  }

  @Post('requests/:id/request-changes')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(reasonSchema) })
  @Responds(200, mdfRequestView, 'The request, sent back for changes')
  async requestChanges(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.requestChanges(principal, id, body.reason));
  }

  @Post('requests/:id/claim')
  @Roles('PARTNER', 'ALLIANCE')
  @ApiBody({ schema: openApiSchema(submitClaimSchema) })
  @Responds(201, mdfRequestView, 'The request with its claim')
  async claim(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(submitClaimSchema)) body: SubmitClaimInput,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.claim(principal, partnerScopeOf(principal), id, body));
  }

  /** The body is the file itself (any type but JSON), at most MDF_ATTACHMENT_MAX_BYTES. */
  @Post('requests/:id/claim/attachments')
  @Roles('PARTNER', 'ALLIANCE')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary', description: 'the proof-of-execution file' } })
  @Responds(201, attachmentView, 'The file, stored as proof of execution')
  async attach(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(attachmentQuery, 'query')) query: z.infer<typeof attachmentQuery>,
    @Req() request: Request,
  ): Promise<z.output<typeof attachmentView>> {
    const scope = partnerScopeOf(principal);
    if (!(await this.mdf.findRequest(scope, id))) {
      request.resume();
      throw ApiError.notFound(`MDF request ${id}`);
    }
    const contentType = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
    if (contentType.includes('json')) {
      request.resume();
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'send the file itself as the body, with its own content type', [
        { field: 'content-type', reason: 'must be the file type (application/pdf, image/png, ...), not JSON' },
      ]);
    }
    const content = await readBoundedBody(request, this.attachments.maxBytes);
    return this.attachments.attach(principal, scope, id, { fileName: query.fileName, contentType, content });
  }

  @Get('requests/:id/claim/attachments/:attachmentId')
  @Roles(...READERS)
  @RespondsWith(200, 'application/octet-stream', 'The file as uploaded, with its own content type, as an attachment')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Param('attachmentId') attachmentId: string,
    @Res() response: Response,
  ) {
    // Not a UUID: no such attachment (a 404, like another partner's).
    const file = UUID.test(attachmentId) ? await this.attachments.download(partnerScopeOf(principal), id, attachmentId) : null;
    if (!file) throw ApiError.notFound(`attachment ${attachmentId}`);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`);
    response.send(Buffer.from(file.content));
  }

  /** Approves a claim with proof attached, in full or for less (`amount`); the rest returns to the budget. */
  @Post('requests/:id/claim/approve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(approveClaimSchema) })
  @Responds(200, mdfRequestView, 'The request, its claim approved')
  async approveClaim(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(approveClaimSchema)) body: z.infer<typeof approveClaimSchema>,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.approveClaim(principal, id, body));
  }

  @Post('requests/:id/claim/reject')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(reasonSchema) })
  @Responds(200, mdfRequestView, 'The request, its claim rejected')
  async rejectClaim(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.rejectClaim(principal, id, body.reason));
  }

  @Post('requests/:id/claim/pay')
  @HttpCode(200)
  @Roles('FINANCE', 'ALLIANCE')
  @ApiBody({ schema: openApiSchema(payClaimSchema) })
  @Responds(200, mdfRequestView, 'The request, its claim paid')
  async pay(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(payClaimSchema)) body: z.infer<typeof payClaimSchema>,
  ): Promise<MdfRequestView> {
    return presentRequest(await this.service.payClaim(principal, id, body.paymentReference));
  }
}
