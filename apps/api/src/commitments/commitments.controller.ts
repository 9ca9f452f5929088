import { Body, Controller, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { findPage } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { burndownSeries, parseDecimalToMinor } from '@bridge/domain';
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
  createCommitmentSchema,
  COMMITMENTS_ORDER,
  listCommitmentsQuery,
  type CreateCommitmentInput,
} from './commitment.schemas';

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
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(createCommitmentSchema)) body: CreateCommitmentInput) {
    if (!(await this.commitments.customerExists(body.customerId)))
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'customerId', 'no such customer');
    let totalMinor: bigint;
    try {
      totalMinor = parseDecimalToMinor(body.total, body.currency);
    } catch (error) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'total', (error as Error).message);
    }
    if (totalMinor <= 0n) throw ApiError.field(HttpStatus.BAD_REQUEST, 'total', 'must be more than zero');
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
  async list(@Query(new ZodValidationPipe(listCommitmentsQuery, 'query')) query: z.infer<typeof listCommitmentsQuery>) {
    const filter = { customerId: query.customerId, cloud: query.cloud };
    const { rows, page } = await findPage(COMMITMENTS_ORDER, query, (args) => this.commitments.list(filter, args));
    return { commitments: rows.map(presentCommitment), page };
  }

  @Get(':id')
  async get(@Param('id', uuidPipe()) id: string) {
    const commitment = await this.commitments.find(id);
    if (!commitment) throw ApiError.notFound(`commitment ${id}`);
    return presentCommitment(commitment);
  }

  /** Month by month: drawn, remaining, partner-driven share, the pace needed and the forecast at the end. */
  @Get(':id/burndown')
  async burndown(
    @Param('id', uuidPipe()) id: string,
    @Query(new ZodValidationPipe(burndownQuery, 'query')) query: z.infer<typeof burndownQuery>,
  ) {
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
}
