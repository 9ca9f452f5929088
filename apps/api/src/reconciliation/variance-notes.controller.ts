import { Body, Controller, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Cloud } from '@bridge/database';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { presentAmount } from '../http/money.presenter';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { cloudParam, varianceNoteView, varianceNotesView, variancesView } from './reconciliation.schemas';
import { VarianceNoteRepository } from './variance-note.repository';
import { Responds } from '../http/responds.decorator';

const STATES = ['OPEN', 'EXPLAINED', 'RESOLVED'] as const;
const noteSchema = z
  .object({
    /** EXPLAINED: the cause is known; RESOLVED: settled (paid, credited, written off); OPEN: back to be looked at. */
    state: z.enum(STATES),
    note: z.string().trim().min(1).max(4000),
  })
  .strict();
const variancesQuery = z
  .object({
    state: z.enum(STATES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** The previous page's `next`: "<cloud>:<transaction reference>". */
    after: z
      .string()
      .regex(/^(AWS|AZURE|GCP):.+$/, 'must be the previous page’s next')
      .optional(),
  })
  .strict();
const cloudPipe = new ZodValidationPipe(cloudParam, 'cloud');

/** Finance annotates a variance (who, why, and its state) and works the list by state. */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/reconciliation')
@Roles(...ROLES_FOR.reconciliation)
export class VarianceNotesController {
  constructor(
    private readonly notes: VarianceNoteRepository,
    private readonly audit: AuditTrail,
  ) {}

  @Post('items/:cloud/:reference/notes')
  @ApiBody({ schema: openApiSchema(noteSchema) })
  @Responds(201, varianceNoteView, 'The note')
  async annotate(
    @CurrentPrincipal() principal: Principal,
    @Param('cloud', cloudPipe) cloud: 'aws' | 'azure',
    @Param('reference') reference: string,
    @Body(new ZodValidationPipe(noteSchema)) body: z.infer<typeof noteSchema>,
  ): Promise<z.output<typeof varianceNoteView>> {
    const key = cloud.toUpperCase() as Cloud;
    const item = await this.notes.item(key, reference);
    if (!item) throw ApiError.notFound(`item ${reference}`);
    if (item.status === 'MATCHED') throw ApiError.field(HttpStatus.CONFLICT, 'state', 'the item matched: it has no variance to annotate');
    const note = await this.notes.transaction(async (tx) => {
      const row = await this.notes.add(
        { cloud: key, transactionReferenceId: reference, state: body.state, note: body.note, actor: principal.actor },
        tx,
      );
      await this.audit.record(
        principal,
        'reconciliation.variance-noted',
        'reconciliation_item',
        `${key}:${reference}`,
        body.note,
        { state: body.state },
        tx,
      );
      return row;
    });
    return { id: note.id, state: note.state, note: note.note, by: note.actor, at: note.at.toISOString() };
  }

  @Get('items/:cloud/:reference/notes')
  @Responds(200, varianceNotesView, "The item's notes, oldest first")
  async history(
    @Param('cloud', cloudPipe) cloud: 'aws' | 'azure',
    @Param('reference') reference: string,
  ): Promise<z.output<typeof varianceNotesView>> {
    const key = cloud.toUpperCase() as Cloud;
    if (!(await this.notes.item(key, reference))) throw ApiError.notFound(`item ${reference}`);
    const rows = await this.notes.history(key, reference);
    return { notes: rows.map((n) => ({ id: n.id, state: n.state, note: n.note, by: n.actor, at: n.at.toISOString() })) };
  }

  /** Every item with a variance and its state (OPEN until noted otherwise); `state` filters. */
  @Get('variances')
  @Responds(200, variancesView, 'A page of items with a variance')
  async variances(
    @Query(new ZodValidationPipe(variancesQuery, 'query')) query: z.infer<typeof variancesQuery>,
  ): Promise<z.output<typeof variancesView>> {
    const [cloud, ...rest] = query.after?.split(':') ?? [];
    const rows = await this.notes.variances({
      state: query.state,
      limit: query.limit,
      after: query.after ? { cloud: cloud as Cloud, reference: rest.join(':') } : undefined,
    });
    const last = rows[rows.length - 1];
    return {
      variances: rows.map((r) => ({
        cloud: r.cloud,
        transactionReferenceId: r.transaction_reference_id,
        status: r.status,
        variance: presentAmount(r.variance_minor, r.currency),
        explanation: r.explanation,
        state: r.state,
        lastNote: r.note ? { note: r.note, by: r.noted_by, at: r.noted_at?.toISOString() ?? null } : null,
      })),
      next: rows.length === query.limit && last ? `${last.cloud}:${last.transaction_reference_id}` : null,
    };
  }
}
