import { Controller, Get } from '@nestjs/common';
import { SigningKeysService } from '../../notifications/signing-keys.service';

@Controller('_sandbox/azure')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  /** Public key of the webhook tokens, as an Entra tenant's discovery keys endpoint publishes them. */
  @Get('jwks')
  jwks() {
    const jwk = this.keys.azurePublicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.keys.azureKeyId, use: 'sig', alg: 'RS256' }] };
  }
}
