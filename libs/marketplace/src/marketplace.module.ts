import { Global, Module } from '@nestjs/common';
import { AGREEMENT_SOURCE } from './agreement.port';
import { AwsAgreementSource } from './aws/aws-agreement.source';

/** The clouds behind one port each; the sandbox or the real endpoints, by configuration. */
@Global()
@Module({
  providers: [{ provide: AGREEMENT_SOURCE, useClass: AwsAgreementSource }],
  exports: [AGREEMENT_SOURCE],
})
export class MarketplaceModule {}
