import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { pageQueryFields } from '@bridge/pagination';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ROLES_FOR } from '../auth/role-table';
import { ApiError } from '../http/api-error';
import { uuidPipe } from '../http/request-schemas';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { PartnerRepository } from '../partners/partner.repository';
import { ACCOUNTS_ORDER } from './account-facts.repository';
import { AccountHealthService } from './account-health.service';

const bookQuery = z.object(pageQueryFields(ACCOUNTS_ORDER)).strict();
const accountsQuery = z.object({ ...pageQueryFields(ACCOUNTS_ORDER), atRisk: z.enum(['true', 'false']).optional() }).strict();

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
  @Paginated('accounts', 'customer name, then id')
  async book(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Query(new ZodValidationPipe(bookQuery, 'query')) query: z.infer<typeof bookQuery>,
  ) {
    if (!(await this.partners.findPartner(partnerScopeOf(principal), id))) throw ApiError.notFound(`partner ${id}`);
    const { rows, page } = await this.health.page(id, query);
    return { partnerId: id, accounts: rows.map((a) => (principal.role === 'PARTNER' ? { ...a, partners: undefined } : a)), page };
  }

  /** Every partner-led account (a customer some partner influenced); `atRisk=true` keeps those with a signal. */
  @Get('customer-success/accounts')
  @Roles(...ROLES_FOR.customerSuccess)
  @Paginated('accounts', 'customer name, then id')
  async accounts(@Query(new ZodValidationPipe(accountsQuery, 'query')) query: z.infer<typeof accountsQuery>) {
    const { rows, page } = await this.health.page(null, query, query.atRisk === undefined ? undefined : query.atRisk === 'true');
    return { accounts: rows, page };
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
