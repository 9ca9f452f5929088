import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { presentMarketplaceTerms, presentTermAcceptance } from './marketplace-terms.presenter';
import { marketplacePlanSchema, marketplaceTermsRead, marketplaceTermsAccepted } from './marketplace-terms.schemas';
import { MarketplaceTermsService } from './marketplace-terms.service';
import { Responds } from '../http/responds.decorator';
import { type z } from 'zod';

const idPipe = uuidPipe();

/**
 * Marketplace terms of an Azure plan a partner deploys (VM, managed
 * application) on its customer's subscription. The request is parsed after
 * the registration is found, so another partner's registration answers 404
 * whatever it holds.
 */
@ApiTags('deal registrations')
@ApiBearerAuth()
@Controller('v1/deals')
export class MarketplaceTermsController {
  constructor(private readonly service: MarketplaceTermsService) {}

  /** The plan's terms on the subscription as Azure answers them now, and the acceptances recorded on the registration. */
  @Get(':id/marketplace-terms')
  @Roles('PARTNER', 'ALLIANCE')
  @Responds(200, marketplaceTermsRead, "The plan's terms on the subscription now, and the acceptances recorded on the registration")
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Query() query: unknown,
  ): Promise<z.output<typeof marketplaceTermsRead>> {
    const { terms, recorded } = await this.service.read(principal, id, query);
    return { terms: presentMarketplaceTerms(terms), recorded: recorded.map(presentTermAcceptance) };
  }

  /** The partner accepts the plan's terms on its customer's subscription; the acceptance is recorded as evidence on its registration. */
  @Post(':id/marketplace-terms/accept')
  @HttpCode(200)
  @Roles('PARTNER')
  @ApiBody({ schema: openApiSchema(marketplacePlanSchema) })
  @Responds(200, marketplaceTermsAccepted, 'The terms as accepted, and the acceptance recorded')
  async accept(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body() body: unknown,
  ): Promise<z.output<typeof marketplaceTermsAccepted>> {
    const { terms, acceptance, alreadyAccepted } = await this.service.accept(principal, id, body);
    return { terms: presentMarketplaceTerms(terms), acceptance: presentTermAcceptance(acceptance), alreadyAccepted };
  }
}
