import { openApiSchema } from '../http/request-schemas';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { findPage, listOrder, pageQueryFields } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentChangeSet } from './offer.presenter';
import { OfferRepository } from './offer.repository';
import {
  resaleAuthorizationSchema,
  uuidParam,
  type ResaleAuthorizationInput,
  resaleAuthorizationDetail,
  resaleAuthorizationsPage,
} from './offer.schemas';
import { ResaleAuthorizationService } from './resale-authorization.service';
import { Responds } from '../http/responds.decorator';

const idPipe = new ZodValidationPipe(uuidParam, 'id');

type Grant =
  | NonNullable<Awaited<ReturnType<OfferRepository['resaleAuthorization']>>>
  | Awaited<ReturnType<OfferRepository['listResaleAuthorizations']>>[number];

function present(g: Grant) {
  return {
    id: g.id,
    state: g.state,
    listingId: g.listingId,
    resellerPartnerId: g.resellerPartnerId,
    resellerAccountId: g.resellerAccountId,
    marketplaceId: g.marketplaceId,
    name: g.name,
    wholesalePrices: g.prices.map((p) => ({ dimension: p.key, price: p.price })),
    durationMonths: g.durationMonths,
    eula: g.eula,
    expiresAt: g.expiresAt.toISOString(),
    createdAt: g.createdAt.toISOString(),
  };
}

const RESALE_ORDER = listOrder('resale-authorizations', [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);
const listQuery = z.object(pageQueryFields(RESALE_ORDER)).strict();

/** Resale authorizations: granted by the ISV's alliance team; a reseller sees only its own. */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('v1/resale-authorizations')
export class ResaleAuthorizationsController {
  constructor(
    private readonly offers: OfferRepository,
    private readonly service: ResaleAuthorizationService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(resaleAuthorizationSchema) })
  @Responds(201, resaleAuthorizationDetail, 'The authorization, a DRAFT until published')
  async grant(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(resaleAuthorizationSchema)) body: ResaleAuthorizationInput,
  ): Promise<z.output<typeof resaleAuthorizationDetail>> {
    const id = await this.service.grant(principal, body);
    return this.get(principal, id);
  }

  @Get()
  @Paginated('resaleAuthorizations', 'createdAt descending, then id')
  @Responds(200, resaleAuthorizationsPage, 'A page of resale authorizations')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>,
  ): Promise<z.output<typeof resaleAuthorizationsPage>> {
    const { rows, page } = await findPage(RESALE_ORDER, query, (args) =>
      this.offers.listResaleAuthorizations(partnerScopeOf(principal), args),
    );
    return { resaleAuthorizations: rows.map(present), page };
  }

  @Get(':id')
  @Responds(200, resaleAuthorizationDetail, 'The authorization and its change sets')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
  ): Promise<z.output<typeof resaleAuthorizationDetail>> {
    const grant = await this.offers.resaleAuthorization(partnerScopeOf(principal), id);
    if (!grant) throw ApiError.notFound(`resale authorization ${id}`);
    return { ...present(grant), changeSets: (await this.offers.changeSets('resale-authorization', id)).map(presentChangeSet) };
  }
}
