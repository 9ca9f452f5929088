import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DealRegistrationRepository } from '@bridge/database';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { Paginated } from '../http/paginated.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentDeal } from './deal.presenter';
import { DealListRepository } from './deal-list.repository';
import { DealRegistrationService } from './deal-registration.service';
import { MarketplaceTermsRepository } from './marketplace-terms.repository';
import { presentTermAcceptance } from './marketplace-terms.presenter';
import {
  approveManySchema,
  decideDealSchema,
  listDealsQuery,
  registerDealSchema,
  rejectDealSchema,
  type RegisterDealInput,
  approvedDeals,
  dealDetailView,
  dealsPage,
  dealView,
  type DealView,
} from './deal.schemas';
import { Responds } from '../http/responds.decorator';

const idPipe = uuidPipe();

@ApiTags('deal registrations')
@ApiBearerAuth()
@Controller('v1/deals')
export class DealsController {
  constructor(
    private readonly service: DealRegistrationService,
    private readonly deals: DealRegistrationRepository,
    private readonly marketplaceTerms: MarketplaceTermsRepository,
    private readonly dealList: DealListRepository,
  ) {}

  /** A partner registers for itself; alliance staff may register on a partner's behalf. */
  @Post()
  @Roles('PARTNER', 'ALLIANCE')
  @ApiBody({ schema: openApiSchema(registerDealSchema) })
  @Responds(201, dealView, 'The registration, PENDING until alliance decides')
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(registerDealSchema)) body: RegisterDealInput,
  ): Promise<DealView> {
    return presentDeal(await this.service.register(principal, body));
  }

  @Get()
  @Paginated('deals', 'registeredAt descending, then id')
  @Responds(200, dealsPage, 'A page of registrations')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listDealsQuery, 'query')) query: z.infer<typeof listDealsQuery>,
  ): Promise<z.output<typeof dealsPage>> {
    const filter = { status: query.status, customerId: query.customerId, partnerId: query.partnerId };
    const { rows, page } = await this.dealList.page(partnerScopeOf(principal), filter, query);
    return { deals: rows.map(presentDeal), page };
  }

  @Get(':id')
  @Responds(200, dealDetailView, 'The registration, with the Azure marketplace terms accepted under it')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string): Promise<z.output<typeof dealDetailView>> {
    const deal = await this.deals.find(partnerScopeOf(principal), id);
    if (!deal) throw ApiError.notFound(`deal registration ${id}`);
    // The evidence of what was deployed under it: Azure plans whose marketplace terms the partner accepted.
    return { ...presentDeal(deal), marketplaceTerms: (await this.marketplaceTerms.listFor(id)).map(presentTermAcceptance) };
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(approveManySchema) })
  @Responds(200, approvedDeals, 'The registrations, approved')
  async approveMany(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(approveManySchema)) body: z.infer<typeof approveManySchema>,
  ): Promise<z.output<typeof approvedDeals>> {
    return { deals: (await this.service.approveMany(principal, body.ids, body.reason ?? null)).map(presentDeal) };
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(decideDealSchema) })
  @Responds(200, dealView, 'The registration, approved')
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(decideDealSchema)) body: z.infer<typeof decideDealSchema>,
  ): Promise<DealView> {
    return presentDeal(await this.service.decide(principal, id, 'APPROVED', body.reason ?? null));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(rejectDealSchema) })
  @Responds(200, dealView, 'The registration, rejected')
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(rejectDealSchema)) body: z.infer<typeof rejectDealSchema>,
  ): Promise<DealView> {
    return presentDeal(await this.service.decide(principal, id, 'REJECTED', body.reason));
  }
}
