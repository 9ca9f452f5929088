import { Injectable } from '@nestjs/common';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { buildSelfSignedCertificate } from './x509-certificate.builder';

/**
 * Keys generated at start-up, one pair for SNS message signatures (with a
 * self-signed certificate, as SNS publishes one) and one for the bearer
 * tokens on Azure webhook calls (published as a JWKS). They live as long as
 * the process; reset does not rotate them, so a product that cached the
 * certificate keeps verifying.
 */
@Injectable()
export class SigningKeysService {
  readonly snsPrivateKey: KeyObject;
  readonly snsCertificatePem: string;
  readonly azurePrivateKey: KeyObject;
  readonly azurePublicKey: KeyObject;
  readonly azureKeyId = 'sandbox-azure-webhook-1';

  constructor() {
    const sns = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.snsPrivateKey = sns.privateKey;
    const now = Date.now();
    this.snsCertificatePem = buildSelfSignedCertificate({
      commonName: 'sns.us-east-1.amazonaws.com',
      publicKey: sns.publicKey,
      privateKey: sns.privateKey,
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 5 * 365 * 86_400_000),
    });
    const azure = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.azurePrivateKey = azure.privateKey;
    this.azurePublicKey = azure.publicKey;
  }
}
