import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { isUniqueViolation } from '@bridge/database';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { Paginated } from '../http/paginated.decorator';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { HttpStatus } from '@nestjs/common';
import { presentCredits } from './credit.presenter';
import { PartnerRepository } from './partner.repository';
import { PartnerListRepository } from './partner-list.repository';
import { PartnerHealthRepository } from './partner-health.repository';
import { PartnerHealthService } from './partner-health.service';
import {
  addCertificationSchema,
  addCompetencySchema,
  createPartnerSchema,
  creditsQuery,
  healthQuery,
  partnersQuery,
  type CreditsQuery,
  type PartnersQuery,
  type CreatePartnerInput,
  addedCertificationView,
  addedCompetencyView,
  creditsPage,
  partnerHealthView,
  partnersPage,
  partnerView,
  type CreditsPage,
} from './partner.schemas';
import { Responds } from '../http/responds.decorator';

const idPipe = uuidPipe();

@ApiTags('partners and customers')
@ApiBearerAuth()
@Controller('v1')
export class PartnersController {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly partnerList: PartnerListRepository,
    private readonly health: PartnerHealthService,
    private readonly profile: PartnerHealthRepository,
    private readonly audit: AuditTrail,
  ) {}

  @Post('partners')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(createPartnerSchema) })
  @Responds(201, partnerView, 'The partner')
  async createPartner(@Body(new ZodValidationPipe(createPartnerSchema)) body: CreatePartnerInput): Promise<z.output<typeof partnerView>> {
    return this.partners.createPartner(body).catch(rethrowDuplicateAccount);
  }

  @Get('partners')
  @Paginated('partners', 'name, then id')
  @Responds(200, partnersPage, 'A page of partners')
  async listPartners(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(partnersQuery, 'query')) query: PartnersQuery,
  ): Promise<z.output<typeof partnersPage>> {
    const { rows, page } = await this.partnerList.page(partnerScopeOf(principal), query);
    return { partners: rows, page };
  }

  /** A partner asking for another partner's record gets 404: nothing about it leaks. */
  @Get('partners/:id')
  @Responds(200, partnerView, 'The partner')
  async getPartner(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string): Promise<z.output<typeof partnerView>> {
    const partner = await this.partners.findPartner(partnerScopeOf(principal), id);
    if (!partner) throw ApiError.notFound(`partner ${id}`);
    return partner;
  }

  /** A page of the partner's ledger, oldest first, with the totals of the whole filtered period. */
  @Get('partners/:id/credits')
  @Paginated('entries', 'occurredAt, then recordedAt, then id')
  @Responds(200, creditsPage, "A page of the partner's credit ledger, with the period's totals")
  async credits(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(creditsQuery, 'query')) query: CreditsQuery,
  ): Promise<CreditsPage> {
    const found = await this.partners.credits(partnerScopeOf(principal), id, query);
    if (!found) throw ApiError.notFound(`partner ${id}`);
    return presentCredits(id, found.entries, found.totals, found.page);
  }

  /** PAR and PIR per period, registration win rate and cycle time, certification coverage, a tier suggestion. */
  @Get('partners/:id/health')
  @Responds(200, partnerHealthView, "The partner's health")
  async partnerHealth(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(healthQuery, 'query')) query: z.infer<typeof healthQuery>,
  ): Promise<z.output<typeof partnerHealthView>> {
    // The scope alone decides visibility: health reads the partner itself (null, so 404, when there is none).
    const visible = this.partners.inScope(partnerScopeOf(principal), id);
    const health = visible && (await this.health.health(id, query.granularity, query.asOf ?? new Date()));
    if (!health) throw ApiError.notFound(`partner ${id}`);
    return health;
  }

  @Post('partners/:id/certifications')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(addCertificationSchema) })
  @Responds(201, addedCertificationView, 'The certification')
  async addCertification(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(addCertificationSchema)) body: z.infer<typeof addCertificationSchema>,
  ): Promise<z.output<typeof addedCertificationView>> {
    if (!(await this.partners.findPartner(null, id))) throw ApiError.notFound(`partner ${id}`);
    const created = await this.profile.addCertification(id, body);
    await this.audit.record(principal, 'partner.certification-added', 'partner', id, null, {
      certificationId: created.id,
      kind: created.kind,
      name: created.name,
      expiresAt: created.expiresAt,
    });
    return created;
  }

  @Post('partners/:id/competencies')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(addCompetencySchema) })
  @Responds(201, addedCompetencyView, 'The competency')
  async addCompetency(
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(addCompetencySchema)) body: z.infer<typeof addCompetencySchema>,
  ): Promise<z.output<typeof addedCompetencyView>> {
    if (!(await this.partners.findPartner(null, id))) throw ApiError.notFound(`partner ${id}`);
    return this.profile.addCompetency(id, body.name);
  }
}

function rethrowDuplicateAccount(error: unknown): never {
  if (isUniqueViolation(error))
    throw new ApiError(HttpStatus.CONFLICT, 'a cloud account is already registered to someone else', [
      { field: 'cloudAccounts', reason: 'account id already registered' },
    ]);
  throw error;
}
