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
import { Responds } from '../http/responds.decorator';
import { accountView, accountsPage, bookPage, type AccountView } from './customer-success.schemas';

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
  @Responds(200, bookPage, "A page of the partner's book")
  async book(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Query(new ZodValidationPipe(bookQuery, 'query')) query: z.infer<typeof bookQuery>,
  ): Promise<z.output<typeof bookPage>> {
    if (!(await this.partners.findPartner(partnerScopeOf(principal), id))) throw ApiError.notFound(`partner ${id}`);
    const { rows, page } = await this.health.page(id, query);
    return { partnerId: id, accounts: rows.map((a) => (principal.role === 'PARTNER' ? { ...a, partners: undefined } : a)), page };
  }

  /** Every partner-led account (a customer some partner influenced); `atRisk=true` keeps those with a signal. */
  @Get('customer-success/accounts')
  @Roles(...ROLES_FOR.customerSuccess)
  @Paginated('accounts', 'customer name, then id')
  @Responds(200, accountsPage, 'A page of partner-led accounts')
  async accounts(
    @Query(new ZodValidationPipe(accountsQuery, 'query')) query: z.infer<typeof accountsQuery>,
  ): Promise<z.output<typeof accountsPage>> {
    const { rows, page } = await this.health.page(null, query, query.atRisk === undefined ? undefined : query.atRisk === 'true');
    return { accounts: rows, page };
  }

  /** One account's adoption and risk; a partner sees an account it influenced. */
  @Get('customers/:id/health')
  @Responds(200, accountView, "The account's adoption, risks and renewals")
  async account(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe()) id: string): Promise<AccountView> {
    const scope = partnerScopeOf(principal);
    if (scope && !(await this.health.influencedCustomers(scope)).includes(id)) throw ApiError.notFound(`customer ${id}`);
    const [account] = await this.health.accounts([id]);
    if (!account) throw ApiError.notFound(`customer ${id}`);
    return scope ? { ...account, partners: undefined } : account;
  }
}
