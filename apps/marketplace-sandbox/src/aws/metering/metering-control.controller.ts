import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { LicenseStore } from '../entitlement/license.store';
import { MeteringService } from './metering.service';

const customerRequest = z.object({
  customerAWSAccountId: z.string().regex(/^\d{12}$/),
  productCode: z.string().min(1),
  licenseArn: z.string().startsWith('arn:').optional(),
  productId: z.string().optional(),
  dimensions: z.array(z.object({ key: z.string().min(1), quantity: z.number().int().min(0).default(1) })).default([]),
});

const configRequest = z
  .object({
    windowHours: z
      .number()
      .positive()
      .max(24 * 31),
    callsPerSecond: z.number().int().min(1).max(10_000),
    resolveCustomerIdentifier: z.boolean(),
  })
  .partial()
  .strict();

@Controller('_sandbox/aws')
export class MeteringControlController {
  constructor(
    private readonly licenses: LicenseStore,
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
