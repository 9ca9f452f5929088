import { HttpStatus, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@bridge/database';
import { mdfPeriodOf, positiveAmount } from '@bridge/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { MdfRepository } from './mdf.repository';
import type { CreateBudgetInput } from './mdf.schemas';

/** Budgets per quarter, for a tier's partners together or for one partner, and what is left of them. */
@Injectable()
export class MdfBudgetService {
  constructor(
    private readonly mdf: MdfRepository,
    private readonly audit: AuditTrail,
  ) {}

  async create(principal: Principal, input: CreateBudgetInput) {
    if (input.partnerId && !(await this.mdf.partner(input.partnerId)))
      throw ApiError.field(HttpStatus.BAD_REQUEST, 'partnerId', 'no such partner');
    const amountMinor = amountOf(input.amount, input.currency);
    try {
      return await this.mdf.transaction(async (tx) => {
        const budget = await this.mdf.createBudget(
          {
            period: input.period,
            tier: input.tier ?? null,
            partnerId: input.partnerId ?? null,
            amountMinor,
            currency: input.currency,
            createdBy: principal.actor,
          },
          tx,
        );
        await this.audit.record(
          principal,
          'mdf.budget.created',
          'mdf_budget',
          budget.id,
          null,
          { period: budget.period, tier: budget.tier, partnerId: budget.partnerId, amountMinor: amountMinor.toString() },
          tx,
        );
        return budget;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw ApiError.field(
          HttpStatus.CONFLICT,
          input.partnerId ? 'partnerId' : 'tier',
          `a budget for ${input.period} already exists for this ${input.partnerId ? 'partner' : 'tier'}: change its amount instead`,
        );
      throw error;
    }
  }

  /** Corrects a budget's amount; never below what its requests already hold. */
  async changeAmount(principal: Principal, id: string, amount: string, reason: string, now = new Date()) {
    const budget = await this.mdf.findBudget(id);
    if (!budget) throw ApiError.notFound(`MDF budget ${id}`);
    const amountMinor = amountOf(amount, budget.currency);
    return this.mdf.transaction(async (tx) => {
      await this.mdf.lockBudget(id, tx);
      const held = await this.mdf.heldMinor(id, now, tx);
      if (amountMinor < held)
        throw ApiError.field(HttpStatus.CONFLICT, 'amount', `requests already hold ${held} minor units of this budget`);
      const changed = await this.mdf.updateBudgetAmount(id, amountMinor, tx);
      await this.audit.record(
        principal,
        'mdf.budget.changed',
        'mdf_budget',
        id,
        reason,
        { fromMinor: budget.amountMinor.toString(), toMinor: amountMinor.toString() },
        tx,
      );
      return { budget: changed, heldMinor: held };
    });
  }

  async withBalance<B extends { id: string; amountMinor: bigint }>(budget: B, now = new Date()) {
    const heldMinor = await this.mdf.heldMinor(budget.id, now);
    return { budget, heldMinor, availableMinor: budget.amountMinor - heldMinor };
  }

  /** A partner's available balance for a quarter: what is left of the budget its requests would draw on. */
  async balanceOf(partnerId: string, period: string | undefined, now = new Date()) {
    const partner = await this.mdf.partner(partnerId);
    if (!partner) return null;
    const quarter = period ?? mdfPeriodOf(now);
    const budget = await this.mdf.budgetFor(partner, quarter);
    return { partner, period: quarter, balance: budget ? await this.withBalance(budget, now) : null };
  }
}

function amountOf(amount: string, currency: string): bigint {
  const read = positiveAmount(amount, currency);
  if (read.problem !== undefined) throw ApiError.field(HttpStatus.BAD_REQUEST, 'amount', read.problem);
  return read.minor;
}
