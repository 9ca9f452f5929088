import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../../core/zod-body.pipe';
import { MarketplaceBillingService } from './marketplace-billing.service';
import { SellerBucketStore } from './seller-bucket.store';
import { ClockService } from '../../clock/clock.service';

const decimal = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'must be a decimal string such as "125.00"');

/** What AWS Marketplace's billing does on its own schedule, done when a test or the demo says so. */
@Controller('_sandbox/aws/billing')
export class BillingControlController {
  constructor(
    private readonly billing: MarketplaceBillingService,
    private readonly bucket: SellerBucketStore,
    private readonly clock: ClockService,
  ) {}

  /** Invoices an agreement: its seller share and listing fee are appended to the billing event feed. */
  @Post('invoices')
  @HttpCode(201)
  invoice(@Body() body: unknown) {
    const { agreementId, amount } = parseBody(z.object({ agreementId: z.string().min(1), amount: decimal.optional() }), body);
    return this.billing.invoice(agreementId, amount);
  }

  /** Pays out every invoiced item not paid yet, in one lump sum (optionally some short). */
  @Post('disbursements')
  @HttpCode(201)
  disburse(@Body() body: unknown) {
    const { shortPaid } = parseBody(z.object({ shortPaid: z.record(z.string(), decimal).default({}) }), body);
    return this.billing.disburse(shortPaid);
  }

  /** Replaces an object's bytes: how a test plays a feed object that someone rewrote (never what AWS does). */
  @Post('objects/replace')
  @HttpCode(200)
  replace(@Body() body: unknown) {
    const { key, content } = parseBody(z.object({ key: z.string().min(1), content: z.string() }), body);
    this.bucket.replace(key, content, this.clock.now());
    return { key };
  }
}
