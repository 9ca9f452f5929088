import { openApiSchema } from '../http/request-schemas';
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
import { OfferListRepository } from './offer-list.repository';
import {
  draftOfferSchema,
  linkOpportunitySchema,
  reasonSchema,
  updateOfferSchema,
  type DraftOfferInput,
  type UpdateOfferInput,
  uuidParam,
  offerAuditPage,
  offersPage,
  offerView,
  opportunityLinkView,
  type OfferView,
} from './offer.schemas';
import { OfferService } from './offer.service';
import { Responds } from '../http/responds.decorator';

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
    private readonly offerList: OfferListRepository,
    private readonly service: OfferService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(draftOfferSchema) })
  @Responds(201, offerView, 'The offer, a DRAFT')
  async draft(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(draftOfferSchema)) body: DraftOfferInput,
  ): Promise<OfferView> {
    const id = await this.service.draft(principal, body);
    return this.present(principal, id);
  }

  @Get()
  @Paginated('offers', 'createdAt descending, then id')
  @Responds(200, offersPage, 'A page of offers')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(listOffersQuery, 'query')) query: z.infer<typeof listOffersQuery>,
  ): Promise<z.output<typeof offersPage>> {
    const filter = { state: query.state, cloud: query.cloud, partnerId: query.partnerId };
    const { rows, page } = await this.offerList.page(partnerScopeOf(principal), filter, query);
    return { offers: rows.map((o) => presentOffer(o)), page };
  }

  @Get(':id')
  @Responds(200, offerView, 'The offer and its change sets')
  get(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string): Promise<OfferView> {
    return this.present(principal, id);
  }

  @Patch(':id')
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(updateOfferSchema) })
  @Responds(200, offerView, 'The offer, changed')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateOfferSchema)) body: UpdateOfferInput,
  ): Promise<OfferView> {
    await this.service.update(principal, await this.owned(principal, id), body);
    return this.present(principal, id);
  }

  /** Sends the offer to the marketplace as one change set; answers 202 while it runs. */
  @Post(':id/publish')
  @HttpCode(202)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(reasonSchema), required: false })
  @Responds(202, offerView, 'The offer, PUBLISHING: its change set is on its way')
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ): Promise<OfferView> {
    await this.service.publish(principal, await this.owned(principal, id), body.reason ?? null);
    return this.present(principal, id);
  }

  @Post(':id/expire')
  @HttpCode(202)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(reasonSchema), required: false })
  @Responds(202, offerView, 'The offer, its expiry on its way to the marketplace')
  async expire(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: z.infer<typeof reasonSchema>,
  ): Promise<OfferView> {
    await this.service.expire(principal, await this.owned(principal, id), body.reason ?? null);
    return this.present(principal, id);
  }

  /** Co-sell: links the published offer to an AWS Partner Central opportunity (done by private-offers). */
  @Post(':id/opportunity')
  @HttpCode(202)
  @Roles('ALLIANCE', 'PARTNER')
  @ApiBody({ schema: openApiSchema(linkOpportunitySchema) })
  @Responds(202, opportunityLinkView, 'The link is queued')
  async link(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(linkOpportunitySchema)) body: z.infer<typeof linkOpportunitySchema>,
  ): Promise<z.output<typeof opportunityLinkView>> {
    await this.service.linkOpportunity(principal, await this.owned(principal, id), body.opportunityId);
    return { accepted: true, opportunityId: body.opportunityId };
  }

  /** Who changed what, when and why, oldest first. */
  @Get(':id/audit')
  @Paginated('entries', 'at, then id')
  @Responds(200, offerAuditPage, "A page of the offer's audit trail")
  async audit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(offerAuditQuery, 'query')) query: z.infer<typeof offerAuditQuery>,
  ): Promise<z.output<typeof offerAuditPage>> {
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
