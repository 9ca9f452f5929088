import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_OPTIONS, type SandboxOptions } from '../../core/sandbox-options';
import { SigningKeysService } from '../../notifications/signing-keys.service';
import { buildSelfSignedCertificate } from '../../notifications/x509-certificate.builder';

/**
 * The TLS certificate of the sandbox's Entra stand-in. Microsoft's identity
 * library (MSAL) refuses any authority that is not https, so the stand-in
 * listens on HTTPS with this self-signed certificate, for 127.0.0.1,
 * localhost and the sandbox's own host name (docker-compose's
 * marketplace-sandbox); the product trusts it only for the sandbox's
 * authority. It reuses the key pair of the Azure webhook tokens: both stand
 * for Microsoft, and generating a third RSA key would slow every start.
 */
@Injectable()
export class EntraCertificateService {
  readonly certificatePem: string;
  readonly privateKeyPem: string;

  constructor(@Inject(SANDBOX_OPTIONS) options: SandboxOptions, keys: SigningKeysService) {
    const host = new URL(options.publicUrl).hostname;
    const now = Date.now();
    this.certificatePem = buildSelfSignedCertificate({
      commonName: 'localhost',
      subjectAltNames: { dns: [...new Set(['localhost', ...(/^[\d.]+$/.test(host) ? [] : [host])])], ip: ['127.0.0.1'] },
      publicKey: keys.azurePublicKey,
      privateKey: keys.azurePrivateKey,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 5 * 365 * 86_400_000),
    });
    this.privateKeyPem = keys.azurePrivateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
}
