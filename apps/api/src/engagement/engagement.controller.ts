import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { findPage } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AttributionConflictRepository, EngagementRulesRepository } from '@bridge/database';
import { validateEngagementRules } from '@bridge/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ConflictSettlement } from './conflict-settlement.service';
import {
  CONFLICTS_ORDER,
  listConflictsQuery,
  resolveConflictSchema,
  saveRulesSchema,
  conflictsPage,
  engagementRulesView,
  savedRulesView,
  settledConflictView,
} from './engagement.schemas';
import { Responds } from '../http/responds.decorator';

/** The rules of engagement and the conflicts they leave to sales ops. */
@ApiTags('rules of engagement')
@ApiBearerAuth()
@Controller('v1')
export class EngagementController {
  constructor(
    private readonly rules: EngagementRulesRepository,
    private readonly conflicts: AttributionConflictRepository,
    private readonly settlement: ConflictSettlement,
    private readonly audit: AuditTrail,
  ) {}

  @Get('engagement-rules')
  @Roles('ALLIANCE', 'FINANCE', 'READ_ONLY')
  @Responds(200, engagementRulesView, 'The rules in force and their version')
  async currentRules() {
    const { version, rules } = await this.rules.current();
    const { splitOverrides: _overrides, ...stored } = rules;
    return { version, rules: stored };
  }

  /** Saves a new version; decisions already made keep the version they were made under. */
  @Put('engagement-rules')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(saveRulesSchema) })
  @Responds(200, savedRulesView, 'The new version')
  async saveRules(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(saveRulesSchema)) body: z.infer<typeof saveRulesSchema>,
  ): Promise<z.output<typeof savedRulesView>> {
    try {
      validateEngagementRules({ ...body.rules, splitOverrides: [] });
    } catch (error) {
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'rules', (error as Error).message);
    }
    const saved = await this.rules.save(body.rules, body.reason, principal.actor);
    await this.audit.record(principal, 'engagement-rules.saved', 'engagement_rule_set', String(saved.version), body.reason, {});
    return { version: saved.version, rules: body.rules };
  }

  @Get('conflicts')
  @Roles('ALLIANCE', 'READ_ONLY')
  @Paginated('conflicts', 'createdAt, then id (oldest first: the queue sales ops work through)')
  @Responds(200, conflictsPage, 'A page of conflicts')
  async listConflicts(
    @Query(new ZodValidationPipe(listConflictsQuery, 'query')) query: z.infer<typeof listConflictsQuery>,
  ): Promise<z.output<typeof conflictsPage>> {
    const { rows, page } = await findPage(CONFLICTS_ORDER, query, (args) => this.conflicts.list(query.status, args));
    return { conflicts: rows, page };
  }

  @Post('conflicts/:id/resolve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(resolveConflictSchema) })
  @Responds(200, settledConflictView, 'The split decided, and the agreements credited again under it')
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Body(new ZodValidationPipe(resolveConflictSchema)) body: z.infer<typeof resolveConflictSchema>,
  ): Promise<z.output<typeof settledConflictView>> {
    return this.settlement.settle(principal, id, body);
  }
}
