import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { findPage, pageQueryFields } from '@bridge/pagination';
import { Paginated } from '../http/paginated.decorator';
import { OFFER_AUDIT_ORDER, OFFERS_ORDER } from './offer.repository';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { presentOffer } from './offer.presenter';
import { OfferRepository } from './offer.repository';
import {
  draftOfferSchema,
  linkOpportunitySchema,
  reasonSchema,
  updateOfferSchema,
  type DraftOfferInput,
  type UpdateOfferInput,
  uuidParam,
} from './offer.schemas';
import { OfferService } from './offer.service';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as object;
const idPipe = new ZodValidationPipe(uuidParam, 'id');
const listOffersQuery = z
  .object({
    ...pageQueryFields(OFFERS_ORDER),
    state: z.enum(['DRAFT', 'PUBLISHING', 'PUBLISHED', 'FAILED', 'ACCEPTED', 'EXPIRED']).optional(),
    cloud: z.enum(['AWS', 'AZURE', 'GCP']).optional(),
    /** Staff only: one partner's offers (a partner's key always sees its own alone). */
    partnerId: z.string().uuid().optional(),
  })
  .strict();

const offerAuditQuery = z.object({ ...pageQueryFields(OFFER_AUDIT_ORDER) }).strict();

/**
 * Private and channel offers. A partner sees and changes only its own
 * offers: any other id answers 404, so nothing about it leaks.
 */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('v1/offers')
export class OffersController {
  constructor(
    private readonly offers: OfferRepository,
    private readonly service: OfferService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: jsonSchema(draftOfferSchema) })
  async draft(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(draftOfferSchema)) body: DraftOfferInput) {
    const id = await this.service.draft(principal, body);
    return this.present(principal, id);
  }

  @Get()
  @Paginated('offers', 'createdAt descending, then id')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listOffersQuery, 'query')) query: z.infer<typeof listOffersQuery>,
  ) {
    const filter = { state: query.state, cloud: query.cloud, partnerId: query.partnerId };
    const { rows, page } = await findPage(OFFERS_ORDER, query, (args) => this.offers.list(partnerScopeOf(principal), filter, args));
    return { offers: rows.map((o) => presentOffer(o)), page };
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string) {
    return this.present(principal, id);
  }

  @Patch(':id')
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: jsonSchema(updateOfferSchema) })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateOfferSchema)) body: UpdateOfferInput,
  ) {
    await this.service.update(principal, await this.owned(principal, id), body);
    return this.present(principal, id);
  }

  /** Sends the offer to the marketplace as one change set; answers 202 while it runs. */
  @Post(':id/publish')
  @HttpCode(202)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: jsonSchema(reasonSchema), required: false })
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ) {
    await this.service.publish(principal, await this.owned(principal, id), body.reason ?? null);
    return this.present(principal, id);
  }

  @Post(':id/expire')
  @HttpCode(202)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: jsonSchema(reasonSchema), required: false })
  async expire(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ) {
    await this.service.expire(principal, await this.owned(principal, id), body.reason ?? null);
    return this.present(principal, id);
  }

  /** Co-sell: links the published offer to an AWS Partner Central opportunity (done by private-offers). */
  @Post(':id/opportunity')
  @HttpCode(202)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: jsonSchema(linkOpportunitySchema) })
  async link(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(linkOpportunitySchema)) body: z.infer<typeof linkOpportunitySchema>,
  ) {
    await this.service.linkOpportunity(principal, await this.owned(principal, id), body.opportunityId);
    return { accepted: true, opportunityId: body.opportunityId };
  }

  /** Who changed what, when and why, oldest first. */
  @Get(':id/audit')
  @Paginated('entries', 'at, then id')
  async audit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(offerAuditQuery, 'query')) query: z.infer<typeof offerAuditQuery>,
  ) {
    await this.owned(principal, id);
    const { rows, page } = await findPage(OFFER_AUDIT_ORDER, query, (args) => this.offers.audit('offer', id, args));
    return {
      entries: rows.map((e) => ({ at: e.at.toISOString(), actor: e.actor, action: e.action, reason: e.reason, data: e.data })),
      page,
    };
  }

  private async owned(principal: Principal, id: string) {
    const offer = await this.offers.find(partnerScopeOf(principal), id);
    if (!offer) throw ApiError.notFound(`offer ${id}`);
    return offer;
  }

  private async present(principal: Principal, id: string) {
    const offer = await this.owned(principal, id);
    return presentOffer(offer, await this.offers.changeSets('offer', id));
  }
}
