import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { findPage } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { burndownSeries, positiveAmount } from '@bridge/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { ROLES_FOR } from '../auth/role-table';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentBurndown, presentCommitment } from './commitment.presenter';
import { CommitmentRepository } from './commitment.repository';
import {
  burndownQuery,
  closeCommitmentSchema,
  createCommitmentSchema,
  COMMITMENTS_ORDER,
  editCommitmentSchema,
  listCommitmentsQuery,
  type CreateCommitmentInput,
  commitmentView,
  commitmentsPage,
  burndownView,
  type BurndownView,
  type CommitmentView,
} from './commitment.schemas';
import { Responds } from '../http/responds.decorator';

/** Customers' cloud commitments (AWS EDP/PPA, Azure MACC, GCP) and what marketplace purchases retired of them. */
@ApiTags('cloud commitments')
@ApiBearerAuth()
@Controller('v1/commitments')
@Roles(...ROLES_FOR.commitments)
export class CommitmentsController {
  constructor(
    private readonly commitments: CommitmentRepository,
    private readonly audit: AuditTrail,
  ) {}

  @Post()
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(createCommitmentSchema) })
  @Responds(201, commitmentView, 'The commitment')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createCommitmentSchema)) body: CreateCommitmentInput,
  ): Promise<CommitmentView> {
    if (!(await this.commitments.customerExists(body.customerId)))
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'customerId', 'no such customer');
    const total = positiveAmount(body.total, body.currency);
    if (total.problem !== undefined) throw ApiError.field(HttpStatus.BAD_REQUEST, 'total', total.problem);
    const totalMinor = total.minor;
    const { total: _total, ...rest } = body;
    const created = await this.commitments.create({ ...rest, totalMinor });
    await this.audit.record(principal, 'commitment.created', 'commitment', created.id, null, {
      kind: created.kind,
      totalMinor: totalMinor.toString(),
    });
    return presentCommitment(created);
  }

  @Get()
  @Paginated('commitments', 'startsAt descending, then id')
  @Responds(200, commitmentsPage, 'A page of commitments')
  async list(
    @Query(new ZodValidationPipe(listCommitmentsQuery, 'query')) query: z.infer<typeof listCommitmentsQuery>,
  ): Promise<z.output<typeof commitmentsPage>> {
    const filter = { customerId: query.customerId, cloud: query.cloud };
    const { rows, page } = await findPage(COMMITMENTS_ORDER, query, (args) => this.commitments.list(filter, args));
    return { commitments: rows.map(presentCommitment), page };
  }

  @Get(':id')
  @Responds(200, commitmentView, 'The commitment')
  async get(@Param('id', uuidPipe()) id: string): Promise<CommitmentView> {
    const commitment = await this.commitments.find(id);
    if (!commitment) throw ApiError.notFound(`commitment ${id}`);
    return presentCommitment(commitment);
  }

  /** Month by month: drawn, remaining, partner-driven share, the pace needed and the forecast at the end. */
  @Get(':id/burndown')
  @Responds(200, burndownView, 'The burn-down as of `asOf`')
  async burndown(
    @Param('id', uuidPipe()) id: string,
    @Query(new ZodValidationPipe(burndownQuery, 'query')) query: z.infer<typeof burndownQuery>,
  ): Promise<BurndownView> {
    const commitment = await this.commitments.find(id);
    if (!commitment) throw ApiError.notFound(`commitment ${id}`);
    const asOf = query.asOf ?? new Date();
    const entries = await this.commitments.drawdowns(id);
    const burndown = burndownSeries(
      entries.map((e) => ({ at: e.invoiceDate, drawnMinor: e.drawnMinor, partnerId: e.partnerId })),
      commitment,
      asOf,
    );
    return presentBurndown(
      commitment,
      burndown,
      asOf,
      entries.filter((e) => e.invoiceDate <= asOf),
    );
  }

  /** Corrects the terms, with the reason (audited). A closed commitment is not edited. */
  @Patch(':id')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(editCommitmentSchema) })
  @Responds(200, commitmentView, 'The commitment, corrected')
  async edit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Body(new ZodValidationPipe(editCommitmentSchema)) body: z.infer<typeof editCommitmentSchema>,
  ): Promise<CommitmentView> {
    const before = await this.commitments.find(id);
    if (!before) throw ApiError.notFound(`commitment ${id}`);
    if (before.closedAt) throw ApiError.field(HttpStatus.CONFLICT, 'closedAt', 'the commitment is closed');
    const total = body.total === undefined ? undefined : positiveAmount(body.total, before.currency);
    if (total?.problem !== undefined) throw ApiError.field(HttpStatus.BAD_REQUEST, 'total', total.problem);
    const totalMinor = total?.minor;
    const startsAt = body.startsAt ?? before.startsAt;
    const endsAt = body.endsAt ?? before.endsAt;
    if (endsAt <= startsAt) throw ApiError.field(HttpStatus.BAD_REQUEST, 'endsAt', 'must be after startsAt');
    const edited = await this.commitments.transaction(async (tx) => {
      const row = await this.commitments.update(id, { totalMinor, startsAt, endsAt, marketplaceCapBps: body.marketplaceCapBps }, tx);
      await this.audit.record(
        principal,
        'commitment.edited',
        'commitment',
        id,
        body.reason,
        {
          before: {
            totalMinor: before.totalMinor.toString(),
            startsAt: before.startsAt,
            endsAt: before.endsAt,
            marketplaceCapBps: before.marketplaceCapBps,
          },
          after: {
            totalMinor: row.totalMinor.toString(),
            startsAt: row.startsAt,
            endsAt: row.endsAt,
            marketplaceCapBps: row.marketplaceCapBps,
          },
        },
        tx,
      );
      return row;
    });
    return presentCommitment(edited);
  }

  /** Closes it before its term (renegotiated, replaced): its end becomes the closing instant, so later spend retires nothing of it. */
  @Post(':id/close')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(closeCommitmentSchema) })
  @Responds(200, commitmentView, 'The commitment, closed')
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Body(new ZodValidationPipe(closeCommitmentSchema)) body: z.infer<typeof closeCommitmentSchema>,
  ): Promise<CommitmentView> {
    const before = await this.commitments.find(id);
    if (!before) throw ApiError.notFound(`commitment ${id}`);
    if (before.closedAt)
      throw ApiError.field(HttpStatus.CONFLICT, 'closedAt', `the commitment was closed on ${before.closedAt.toISOString()}`);
    const at = body.at ?? new Date();
    if (at > before.endsAt) throw ApiError.field(HttpStatus.BAD_REQUEST, 'at', 'is after the commitment ends: it needs no closing');
    if (at < before.startsAt) throw ApiError.field(HttpStatus.BAD_REQUEST, 'at', 'is before the commitment starts');
    const closed = await this.commitments.transaction(async (tx) => {
      const row = await this.commitments.update(id, { endsAt: at, closedAt: at, closedBy: principal.actor, closeReason: body.reason }, tx);
      await this.audit.record(
        principal,
        'commitment.closed',
        'commitment',
        id,
        body.reason,
        { endsAtBefore: before.endsAt, closedAt: at },
        tx,
      );
      return row;
    });
    return presentCommitment(closed);
  }
}
