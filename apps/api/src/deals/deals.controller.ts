import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DealRegistrationRepository } from '@bridge/database';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { findPage } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentDeal } from './deal.presenter';
import { DealRegistrationService } from './deal-registration.service';
import { MarketplaceTermsRepository } from './marketplace-terms.repository';
import { presentTermAcceptance } from './marketplace-terms.presenter';
import {
  approveManySchema,
  decideDealSchema,
  DEALS_ORDER,
  listDealsQuery,
  registerDealSchema,
  rejectDealSchema,
  type RegisterDealInput,
} from './deal.schemas';

const idPipe = uuidPipe();

@ApiTags('deal registrations')
@ApiBearerAuth()
@Controller('v1/deals')
export class DealsController {
  constructor(
    private readonly service: DealRegistrationService,
    private readonly deals: DealRegistrationRepository,
    private readonly marketplaceTerms: MarketplaceTermsRepository,
  ) {}

  /** A partner registers for itself; alliance staff may register on a partner's behalf. */
  @Post()
  @Roles('PARTNER', 'ALLIANCE')
  @ApiBody({ schema: openApiSchema(registerDealSchema) })
  async register(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(registerDealSchema)) body: RegisterDealInput) {
    return presentDeal(await this.service.register(principal, body));
  }

  @Get()
  @Paginated('deals', 'registeredAt descending, then id')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listDealsQuery, 'query')) query: z.infer<typeof listDealsQuery>,
  ) {
    const filter = { status: query.status, customerId: query.customerId, partnerId: query.partnerId };
    const { rows, page } = await findPage(DEALS_ORDER, query, (args) => this.deals.list(partnerScopeOf(principal), filter, args));
    return { deals: rows.map(presentDeal), page };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string) {
    const deal = await this.deals.find(partnerScopeOf(principal), id);
    if (!deal) throw ApiError.notFound(`deal registration ${id}`);
    // The evidence of what was deployed under it: Azure plans whose marketplace terms the partner accepted.
    return { ...presentDeal(deal), marketplaceTerms: (await this.marketplaceTerms.listFor(id)).map(presentTermAcceptance) };
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(approveManySchema) })
  async approveMany(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(approveManySchema)) body: z.infer<typeof approveManySchema>,
  ) {
    return { deals: (await this.service.approveMany(principal, body.ids, body.reason ?? null)).map(presentDeal) };
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(decideDealSchema) })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(decideDealSchema)) body: z.infer<typeof decideDealSchema>,
  ) {
    return presentDeal(await this.service.decide(principal, id, 'APPROVED', body.reason ?? null));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(rejectDealSchema) })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(rejectDealSchema)) body: z.infer<typeof rejectDealSchema>,
  ) {
    return presentDeal(await this.service.decide(principal, id, 'REJECTED', body.reason));
  }
}
