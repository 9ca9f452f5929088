import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { AgreementService } from './agreement.service';
import type { Agreement } from './agreement.types';

const decimal = z.string().regex(/^\d{1,15}(\.\d{1,8})?$/, 'must be a non-negative decimal string such as "12000.00"');
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

const acceptRequest = z.object({
  offerId: z.string().min(1),
  acceptorAccountId: accountId,
  proposerAccountId: accountId,
  manufacturerAccountId: accountId.optional(),
  productId: z.string().min(1),
  productCode: z.string().min(1).optional(),
  productTitle: z.string().min(1).optional(),
  resaleAuthorizationId: z.string().min(1).optional(),
  agreementValue: decimal,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  /** The offer has a free-trial term (SNS isFreeTrialTermPresent). */
  freeTrial: z.boolean().default(false),
  durationMonths: z.number().int().min(1).max(60).default(12),
  dimensions: z.array(z.object({ key: z.string().min(1), quantity: z.number().int().min(0).default(1) })).default([]),
});

/** Buyer-side actions a test performs to make the marketplace call the product. */
@Controller('_sandbox/aws/agreements')
export class AgreementControlController {
  constructor(private readonly agreements: AgreementService) {}

  @Post()
  @HttpCode(201)
  accept(@Body() body: unknown) {
    return present(this.agreements.accept(parseBody(acceptRequest, body)));
  }

  @Post(':id/amend')
  @HttpCode(200)
  amend(@Param('id') id: string, @Body() body: unknown) {
    const { agreementValue } = parseBody(z.object({ agreementValue: decimal }), body);
    return present(this.agreements.amend(id, agreementValue));
  }

  /** Ends the agreement; its licence keeps accepting earlier usage for the final hour. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return present(this.agreements.cancel(id));
  }

  /** Closes a cancelled agreement's final-usage hour now, as the clock passing it would. */
  @Post(':id/deprovision')
  @HttpCode(200)
  deprovision(@Param('id') id: string) {
    return present(this.agreements.deprovision(id));
  }
}

function present(a: Agreement) {
  return {
    ...a,
    acceptanceTime: a.acceptanceTime.toISOString(),
    startTime: a.startTime.toISOString(),
    endTime: a.endTime.toISOString(),
    lastUpdateTime: a.lastUpdateTime.toISOString(),
  };
}
