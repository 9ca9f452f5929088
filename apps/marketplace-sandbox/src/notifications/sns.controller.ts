import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeysService } from './signing-keys.service';

@Controller('_sandbox/sns')
export class SnsController {
  constructor(private readonly keys: SigningKeysService) {}

  /** The certificate named by SigningCertURL in every SNS message. */
  @Get('cert.pem')
  @Header('content-type', 'application/x-x509-ca-cert')
  certificate(): string {
    return this.keys.snsCertificatePem;
  }
}
