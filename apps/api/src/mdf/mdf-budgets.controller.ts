import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { findPage } from '@bridge/pagination';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { MdfBudgetService } from './mdf-budget.service';
import { MdfRepository } from './mdf.repository';
import { presentBudget } from './mdf.presenter';
import {
  balanceQuery,
  createBudgetSchema,
  listBudgetsQuery,
  MDF_BUDGETS_ORDER,
  updateBudgetSchema,
  type CreateBudgetInput,
  balanceView,
  budgetView,
  budgetsPage,
  type BudgetView,
} from './mdf.schemas';
import { Responds } from '../http/responds.decorator';

/** MDF budgets per quarter, per partner tier or per partner, and a partner's available balance. */
@ApiTags('market development funds')
@ApiBearerAuth()
@Controller('v1/mdf')
export class MdfBudgetsController {
  constructor(
    private readonly budgets: MdfBudgetService,
    private readonly mdf: MdfRepository,
  ) {}

  @Post('budgets')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(createBudgetSchema) })
  @Responds(201, budgetView, 'The budget')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createBudgetSchema)) body: CreateBudgetInput,
  ): Promise<BudgetView> {
    return presentBudget(await this.budgets.create(principal, body), 0n);
  }

  @Get('budgets')
  @Roles(...ROLES_FOR.mdf)
  @Paginated('budgets', 'period descending, then id')
  @Responds(200, budgetsPage, 'A page of budgets with what is held and available')
  async list(
    @Query(new ZodValidationPipe(listBudgetsQuery, 'query')) query: z.infer<typeof listBudgetsQuery>,
  ): Promise<z.output<typeof budgetsPage>> {
    const { rows, page } = await findPage(MDF_BUDGETS_ORDER, query, (args) => this.mdf.listBudgets(query.period, args));
    const now = new Date();
    const withBalance = await Promise.all(rows.map((b) => this.budgets.withBalance(b, now)));
    return { budgets: withBalance.map((b) => presentBudget(b.budget, b.heldMinor)), page };
  }

  /** Changes a budget's amount (with the reason); never below what approved requests already hold. */
  @Put('budgets/:id')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(updateBudgetSchema) })
  @Responds(200, budgetView, 'The budget, changed')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Body(new ZodValidationPipe(updateBudgetSchema)) body: z.infer<typeof updateBudgetSchema>,
  ): Promise<BudgetView> {
    const changed = await this.budgets.changeAmount(principal, id, body.amount, body.reason);
    return presentBudget(changed.budget, changed.heldMinor);
  }

  /** What a partner may still be approved for this quarter (or `period`): what is left of the budget it draws on. */
  @Get('partners/:id/balance')
  @Roles('PARTNER', ...ROLES_FOR.mdf)
  @Responds(200, balanceView, 'The budget the partner draws on this period (null: none)')
  async balance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) partnerId: string,
    @Query(new ZodValidationPipe(balanceQuery, 'query')) query: z.infer<typeof balanceQuery>,
  ): Promise<z.output<typeof balanceView>> {
    const scope = partnerScopeOf(principal);
    const found = !scope || scope === partnerId ? await this.budgets.balanceOf(partnerId, query.period) : null;
    if (!found) throw ApiError.notFound(`partner ${partnerId}`);
    const budget = found.balance;
    return {
      partnerId,
      period: found.period,
      // A partner sees what is left for it, not who else shares its tier's pool.
      budget: budget ? { ...presentBudget(budget.budget, budget.heldMinor), ...(scope ? { createdBy: undefined } : {}) } : null,
    };
  }
}
