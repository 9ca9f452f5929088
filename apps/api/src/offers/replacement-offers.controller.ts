import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { openApiSchema } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentOffer } from './offer.presenter';
import { OfferRepository } from './offer.repository';
import { replacementOfferSchema, uuidParam, type ReplacementOfferInput, offerView, type OfferView } from './offer.schemas';
import { ReplacementOfferService } from './replacement-offer.service';
import { Responds } from '../http/responds.decorator';

/**
 * Replacement offers: a renewal or an upsell of an active agreement, made by
 * whoever proposed it. The answer is an offer draft, published with
 * POST /v1/offers/{id}/publish like any other; a partner reaching for an
 * agreement it did not propose gets 404.
 */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('v1/agreements')
export class ReplacementOffersController {
  constructor(
    private readonly offers: OfferRepository,
    private readonly service: ReplacementOfferService,
  ) {}

  @Post(':id/replacement-offers')
  @HttpCode(201)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(replacementOfferSchema) })
  @Responds(201, offerView, 'The replacement offer, a DRAFT')
  async draft(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodValidationPipe(uuidParam, 'agreementId')) agreementId: string,
    @Body(new ZodValidationPipe(replacementOfferSchema)) body: ReplacementOfferInput,
  ): Promise<OfferView> {
    const id = await this.service.draft(principal, agreementId, body);
    return presentOffer((await this.offers.find(partnerScopeOf(principal), id))!);
  }
}
