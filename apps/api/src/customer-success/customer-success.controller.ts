import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { uuidPipe } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { PartnerRepository } from '../partners/partner.repository';
import { AccountHealthService } from './account-health.service';

const accountsQuery = z.object({ atRisk: z.enum(['true', 'false']).optional() }).strict();

/** Partner-led accounts: adoption from metered usage, risk signals with their reasons, renewals. */
@ApiTags('customer success')
@ApiBearerAuth()
@Controller('v1')
export class CustomerSuccessController {
  constructor(
    private readonly health: AccountHealthService,
    private readonly partners: PartnerRepository,
  ) {}

  /** A partner's book: the accounts it influenced, with adoption, risk and renewal dates; the partner and customer success see the same list. */
  @Get('partners/:id/book')
  async book(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe()) id: string) {
    if (!(await this.partners.findPartner(partnerScopeOf(principal), id))) throw ApiError.notFound(`partner ${id}`);
    const accounts = await this.health.accounts(await this.health.influencedCustomers(id));
    return { partnerId: id, accounts: accounts.map((a) => (principal.role === 'PARTNER' ? { ...a, partners: undefined } : a)) };
  }

  /** Every partner-led account (a customer some partner influenced); `atRisk=true` keeps those with a signal. */
  @Get('customer-success/accounts')
  @Roles(...ROLES_FOR.customerSuccess)
  async accounts(@Query(new ZodValidationPipe(accountsQuery, 'query')) query: z.infer<typeof accountsQuery>) {
    const accounts = await this.health.accounts(await this.health.influencedCustomers(null));
    return { accounts: query.atRisk === undefined ? accounts : accounts.filter((a) => a.atRisk === (query.atRisk === 'true')) };
  }

  /** One account's adoption and risk; a partner sees an account it influenced. */
  @Get('customers/:id/health')
  async account(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe()) id: string) {
    const scope = partnerScopeOf(principal);
    if (scope && !(await this.health.influencedCustomers(scope)).includes(id)) throw ApiError.notFound(`customer ${id}`);
    const [account] = await this.health.accounts([id]);
    if (!account) throw ApiError.notFound(`customer ${id}`);
    return scope ? { ...account, partners: undefined } : account;
  }
}
