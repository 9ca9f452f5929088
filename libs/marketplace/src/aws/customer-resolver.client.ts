import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MarketplaceMeteringClient, ResolveCustomerCommand } from '@aws-sdk/client-marketplace-metering';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { awsClientOptions } from './aws-client.options';
import { RegistrationTokenRefusedError, type CustomerResolver, type ResolvedCustomer } from './customer-resolver.port';

/**
 * Resolves the `x-amzn-marketplace-token` a buyer's browser posts to the
 * SaaS registration page (seller guide, "Configuring your SaaS product to
 * accept new buyers"), through the real SDK.
 */
@Injectable()
export class AwsCustomerResolver implements CustomerResolver, OnModuleDestroy {
  private readonly client: MarketplaceMeteringClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new MarketplaceMeteringClient(awsClientOptions(config));
  }

  async resolve(registrationToken: string): Promise<ResolvedCustomer> {
    let out;
    try {
      out = await this.client.send(new ResolveCustomerCommand({ RegistrationToken: registrationToken }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'ExpiredTokenException') throw new RegistrationTokenRefusedError('EXPIRED', (error as Error).message);
      if (name === 'InvalidTokenException') throw new RegistrationTokenRefusedError('INVALID', (error as Error).message);
      throw error;
    }
    if (!out.CustomerAWSAccountId || !out.ProductCode) throw new Error('ResolveCustomer answered without an account id or product code');
    return {
      awsAccountId: out.CustomerAWSAccountId,
      productCode: out.ProductCode,
      licenseArn: out.LicenseArn || null,
      customerIdentifier: out.CustomerIdentifier || null,
    };
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
