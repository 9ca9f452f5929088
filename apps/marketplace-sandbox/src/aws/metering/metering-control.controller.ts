import { BadRequestException, Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { AgreementStore } from '../agreement/agreement.store';
import { LicenseStore } from '../entitlement/license.store';
import { MeteringService } from './metering.service';
import { RegistrationTokenStore } from './registration-token.store';

const customerRequest = z.object({
  customerAWSAccountId: z.string().regex(/^\d{12}$/),
  productCode: z.string().min(1),
  licenseArn: z.string().startsWith('arn:').optional(),
  productId: z.string().optional(),
  dimensions: z.array(z.object({ key: z.string().min(1), quantity: z.number().int().min(0).default(1) })).default([]),
});

const tokenRequest = z
  .object({ licenseArn: z.string().optional(), agreementId: z.string().optional() })
  .refine((r) => r.licenseArn || r.agreementId, 'licenseArn or agreementId is required');

const configRequest = z
  .object({ windowHours: z.number().positive().max(24 * 31), callsPerSecond: z.number().int().min(1).max(10_000) })
  .partial()
  .strict();

@Controller('_sandbox/aws')
export class MeteringControlController {
  constructor(
    private readonly licenses: LicenseStore,
    private readonly agreements: AgreementStore,
    private readonly tokens: RegistrationTokenStore,
    private readonly metering: MeteringService,
  ) {}

  /** Subscribes a customer without an agreement (e.g. a public SaaS listing). */
  @Post('customers')
  @HttpCode(201)
  subscribe(@Body() body: unknown) {
    const r = parseBody(customerRequest, body);
    const license = this.licenses.create({
      customerAWSAccountId: r.customerAWSAccountId,
      productCode: r.productCode,
      productId: r.productId,
      licenseArn: r.licenseArn,
      entitlements: r.dimensions.map((d) => ({ dimension: d.key, quantity: d.quantity })),
    });
    return { ...license };
  }

  /** The token the buyer's browser would post to the product's registration URL. */
  @Post('registration-tokens')
  @HttpCode(201)
  mintToken(@Body() body: unknown) {
    const r = parseBody(tokenRequest, body);
    const licenseArn = r.licenseArn ?? this.agreements.get(r.agreementId ?? '')?.licenseArn;
    const license = licenseArn ? this.licenses.byArn(licenseArn) : undefined;
    if (!license) throw new BadRequestException('No such licence or agreement');
    return { ...this.tokens.mint(license.licenseArn), licenseArn: license.licenseArn, customerAWSAccountId: license.customerAWSAccountId };
  }

  @Get('metering/config')
  getConfig() {
    return this.metering.getConfig();
  }

  @Post('metering/config')
  @HttpCode(200)
  configure(@Body() body: unknown) {
    return this.metering.configure(parseBody(configRequest, body));
  }
}
