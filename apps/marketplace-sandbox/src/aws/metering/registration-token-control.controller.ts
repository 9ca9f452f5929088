import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { AgreementStore } from '../agreement/agreement.store';
import { LicenseStore, type License } from '../entitlement/license.store';
import { RegistrationTokenStore, type IssuedToken } from './registration-token.store';

const tokenRequest = z
  .object({ licenseArn: z.string().optional(), agreementId: z.string().optional(), expired: z.boolean().default(false) })
  .refine((r) => r.licenseArn || r.agreementId, 'licenseArn or agreementId is required');

/**
 * The buyer's side of SaaS registration: the token a purchase sends the
 * buyer's browser to the product's registration URL with, as the
 * x-amzn-marketplace-token form field.
 */
@Controller('_sandbox/aws')
export class RegistrationTokenControlController {
  constructor(
    private readonly agreements: AgreementStore,
    private readonly licenses: LicenseStore,
    private readonly tokens: RegistrationTokenStore,
  ) {}

  /** The token issued with a purchase, and the form body the browser would post. */
  @Get('agreements/:id/registration-token')
  purchaseToken(@Param('id') agreementId: string) {
    const agreement = this.agreements.get(agreementId);
    const issued = agreement && this.tokens.issuedWithPurchase(agreement.licenseArn);
    const license = agreement && this.licenses.byArn(agreement.licenseArn);
    if (!issued || !license) throw new NotFoundException(`No agreement ${agreementId}`);
    return present(issued, license);
  }

  /** Another token for a licence (a buyer reopening the page), or with `expired: true` one already past its four hours. */
  @Post('registration-tokens')
  @HttpCode(201)
  issue(@Body() body: unknown) {
    const r = parseBody(tokenRequest, body);
    const licenseArn = r.licenseArn ?? this.agreements.get(r.agreementId ?? '')?.licenseArn;
    const license = licenseArn ? this.licenses.byArn(licenseArn) : undefined;
    if (!license) throw new BadRequestException('No such licence or agreement');
    return present(this.tokens.issue(license.licenseArn, { expired: r.expired }), license);
  }
}

function present(issued: IssuedToken, license: License) {
  return {
    token: issued.token,
    expiresAt: issued.expiresAt.toISOString(),
    formBody: new URLSearchParams({ 'x-amzn-marketplace-token': issued.token }).toString(),
    licenseArn: license.licenseArn,
    customerAWSAccountId: license.customerAWSAccountId,
  };
}
