import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AuditTrail } from '../audit/audit-trail.service';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { partnerScopeOf, type Principal } from '../auth/principal';
import { ApiError } from '../http/api-error';
import { openApiSchema, uuidPipe } from '../http/request-schemas';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { PartnerHealthService } from './partner-health.service';
import { PartnerProfileRepository } from './partner-profile.repository';
import { PartnerRepository } from './partner.repository';
import {
  changeTierSchema,
  removeCertificationQuery,
  retireCertificationSchema,
  certificationView,
  certificationsView,
  removedCertificationView,
  tierChangeView,
} from './partner-profile.schemas';
import { Responds } from '../http/responds.decorator';

const presentCertification = (c: { id: string; kind: string; name: string; expiresAt: Date; createdAt: Date }, now: Date) => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  expiresAt: c.expiresAt.toISOString(),
  valid: c.expiresAt > now,
  createdAt: c.createdAt.toISOString(),
});

/** A partner's tier and certifications, corrected and retired by alliance with who and why. */
@ApiTags('partners and customers')
@ApiBearerAuth()
@Controller('v1/partners/:id')
export class PartnerProfileController {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly profile: PartnerProfileRepository,
    private readonly health: PartnerHealthService,
    private readonly audit: AuditTrail,
  ) {}

  /** Sets the tier, or applies the one partner health suggests (`applySuggestion`), recording the suggestion and its reasons. */
  @Put('tier')
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(changeTierSchema) })
  @Responds(200, tierChangeView, 'The partner with its new tier, and the one it had')
  async changeTier(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Body(new ZodValidationPipe(changeTierSchema)) body: z.infer<typeof changeTierSchema>,
  ): Promise<z.output<typeof tierChangeView>> {
    const partner = await this.partners.findPartner(null, id);
    if (!partner) throw ApiError.notFound(`partner ${id}`);
    const suggestion = body.applySuggestion ? (await this.health.health(id, 'QUARTER', new Date()))?.tierSuggestion : undefined;
    const tier = body.tier ?? suggestion!.tier;
    const changed = await this.profile.transaction(async (tx) => {
      const row = await this.profile.setTier(id, tier, tx);
      await this.audit.record(
        principal,
        'partner.tier-changed',
        'partner',
        id,
        body.reason,
        { from: partner.tier, to: tier, ...(suggestion ? { suggestion: { tier: suggestion.tier, reasons: suggestion.reasons } } : {}) },
        tx,
      );
      return row;
    });
    return { id: changed.id, name: changed.name, tier: changed.tier, from: partner.tier, appliedSuggestion: body.applySuggestion };
  }

  @Get('certifications')
  @Responds(200, certificationsView, "The partner's certifications")
  async certifications(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
  ): Promise<z.output<typeof certificationsView>> {
    if (!(await this.partners.findPartner(partnerScopeOf(principal), id))) throw ApiError.notFound(`partner ${id}`);
    const now = new Date();
    return { certifications: (await this.profile.certifications(id)).map((c) => presentCertification(c, now)) };
  }

  /** Marks a certification expired now (it lapsed, or was withdrawn); it stays listed, no longer valid. */
  @Post('certifications/:certificationId/expire')
  @HttpCode(200)
  @Roles('ALLIANCE')
  @ApiBody({ schema: openApiSchema(retireCertificationSchema) })
  @Responds(200, certificationView, 'The certification, expired')
  async expire(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Param('certificationId', uuidPipe('certificationId')) certificationId: string,
    @Body(new ZodValidationPipe(retireCertificationSchema)) body: z.infer<typeof retireCertificationSchema>,
  ): Promise<z.output<typeof certificationView>> {
    const now = new Date();
    const expired = await this.profile.transaction(async (tx) => {
      const cert = await this.profile.certification(id, certificationId, tx);
      if (!cert) throw ApiError.notFound(`certification ${certificationId}`);
      const row = await this.profile.expireCertification(certificationId, cert.expiresAt < now ? cert.expiresAt : now, tx);
      await this.audit.record(
        principal,
        'partner.certification-expired',
        'partner',
        id,
        body.reason,
        { certificationId, name: cert.name, expiresAtBefore: cert.expiresAt },
        tx,
      );
      return row;
    });
    return presentCertification(expired, now);
  }

  /** Removes a certification entered by mistake (the audit entry keeps what it was). */
  @Delete('certifications/:certificationId')
  @Roles('ALLIANCE')
  @Responds(200, removedCertificationView, 'The certification, removed')
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe()) id: string,
    @Param('certificationId', uuidPipe('certificationId')) certificationId: string,
    @Query(new ZodValidationPipe(removeCertificationQuery, 'query')) query: z.infer<typeof removeCertificationQuery>,
  ): Promise<z.output<typeof removedCertificationView>> {
    await this.profile.transaction(async (tx) => {
      const cert = await this.profile.certification(id, certificationId, tx);
      if (!cert) throw ApiError.notFound(`certification ${certificationId}`);
      await this.profile.removeCertification(certificationId, tx);
      await this.audit.record(
        principal,
        'partner.certification-removed',
        'partner',
        id,
        query.reason,
        { certificationId, kind: cert.kind, name: cert.name, expiresAt: cert.expiresAt },
        tx,
      );
    });
    return { removed: certificationId };
  }
}
