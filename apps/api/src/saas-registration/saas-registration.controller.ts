import { Inject, Controller, HttpStatus, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CUSTOMER_RESOLVER, RegistrationTokenRefusedError, type CustomerResolver } from '@bridge/marketplace';
import { Public } from '../auth/auth.decorators';
import { UsageSubscriptionRepository } from '../usage/usage-subscription.repository';
import { refusedPage, registeredPage } from './registration.page';

const TOKEN_FIELD = 'x-amzn-marketplace-token';

/**
 * The SaaS registration (fulfilment) URL of the product's AWS listing. The
 * buyer's browser posts the one form field AWS documents,
 * `x-amzn-marketplace-token`; the product resolves it with ResolveCustomer
 * (the token proves the purchase, the browser proves nothing), registers the
 * buyer for metering by account id and licence, and shows what was set up.
 */
@ApiExcludeController()
@Controller('marketplace/aws')
@Public()
export class SaasRegistrationController {
  private readonly logger = new Logger(SaasRegistrationController.name);

  constructor(
    @Inject(CUSTOMER_RESOLVER) private readonly resolver: CustomerResolver,
    private readonly subscriptions: UsageSubscriptionRepository,
  ) {}

  @Post('register')
  async register(@Req() req: Request, @Res() res: Response) {
    const token = typeof req.body?.[TOKEN_FIELD] === 'string' ? (req.body[TOKEN_FIELD] as string).trim() : '';
    if (!token)
      return send(
        res,
        HttpStatus.BAD_REQUEST,
        refusedPage('Registration link incomplete', 'This page was opened without the token AWS Marketplace adds to it.'),
      );
    let customer;
    try {
      customer = await this.resolver.resolve(token);
    } catch (error) {
      if (error instanceof RegistrationTokenRefusedError) {
        const expired = error.kind === 'EXPIRED';
        return send(
          res,
          HttpStatus.BAD_REQUEST,
          refusedPage(
            expired ? 'Registration link expired' : 'Registration link not recognised',
            expired ? 'This registration link is no longer valid.' : 'AWS Marketplace does not recognise this registration link.',
          ),
        );
      }
      this.logger.error(`ResolveCustomer failed: ${(error as Error).message}`);
      return send(
        res,
        HttpStatus.SERVICE_UNAVAILABLE,
        refusedPage(
          'Registration not finished',
          'AWS Marketplace could not be reached to confirm your purchase. Please try again in a few minutes.',
        ),
      );
    }
    const licenseArn = customer.licenseArn ?? customer.customerIdentifier;
    if (!licenseArn) {
      return send(
        res,
        HttpStatus.BAD_GATEWAY,
        refusedPage(
          'Registration not finished',
          'AWS Marketplace confirmed the purchase without naming its licence. Please contact the seller.',
        ),
      );
    }
    await this.subscriptions.registerAnnounced({
      awsAccountId: customer.awsAccountId,
      licenseArn,
      customerIdentifier: customer.customerIdentifier,
      productCode: customer.productCode,
      marketplaceAgreementId: null,
      startedAt: new Date(),
    });
    this.logger.log(`customer ${customer.awsAccountId} of ${customer.productCode} registered from the SaaS registration page`);
    return send(res, HttpStatus.OK, registeredPage(customer, await this.subscriptions.productName(customer.productCode)));
  }
}

function send(res: Response, status: number, body: string): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(body);
}
