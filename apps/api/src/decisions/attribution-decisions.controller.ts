import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentDecision } from './attribution-decision.presenter';
import { AttributionDecisionRepository } from './attribution-decision.repository';

const listQuery = z
  .object({
    customerId: z.string().uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The id of the last decision of the previous page. */
    after: z.string().uuid().optional(),
  })
  .strict();

/**
 * Why a purchase was, or was not, credited: each decision with its reason,
 * its rules and their version. Staff see every decision; a partner sees those
 * that credited it or were about customers it registered.
 */
@ApiTags('attribution decisions')
@ApiBearerAuth()
@Controller('v1/attribution-decisions')
export class AttributionDecisionsController {
  constructor(private readonly decisions: AttributionDecisionRepository) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>) {
    const scope = partnerScopeOf(principal);
    const rows = await this.decisions.list(scope, query);
    return { decisions: rows.map((r) => presentDecision(r, scope)), next: rows.length === query.limit ? rows[rows.length - 1].id : null };
  }
}
