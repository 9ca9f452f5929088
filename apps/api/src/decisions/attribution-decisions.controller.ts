import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { pageOf, pageQueryFields } from '@bridge/pagination';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentDecision } from './attribution-decision.presenter';
import { AttributionDecisionRepository, DECISIONS_ORDER } from './attribution-decision.repository';
import { Responds } from '../http/responds.decorator';
import { decisionsPage } from './attribution-decision.schemas';

const listQuery = z.object({ ...pageQueryFields(DECISIONS_ORDER), customerId: z.string().uuid().optional() }).strict();

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
  @Paginated('decisions', 'decidedAt descending, then id')
  @Responds(200, decisionsPage, 'A page of attribution decisions')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>,
  ): Promise<z.output<typeof decisionsPage>> {
    const scope = partnerScopeOf(principal);
    const rows = await this.decisions.list(scope, { customerId: query.customerId, cursor: query.cursor, take: query.limit + 1 });
    const { rows: decisions, page } = pageOf(DECISIONS_ORDER.list, DECISIONS_ORDER.keys, rows, query.limit, (r) => [r.decided_at, r.id]);
    return { decisions: decisions.map((r) => presentDecision(r, scope)), page };
  }
}
