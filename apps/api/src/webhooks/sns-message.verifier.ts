import { verify } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { ApiError } from '../http/api-error';
import { CertificateUnavailableError, SigningCertificateCache } from './signing-certificate.cache';
import type { SnsMessage } from './sns-message.schema';
import { isAllowedTopicArn, isTrustedCertificateUrl, snsCanonicalString, snsTimestampProblem, type SnsTrust } from './sns-trust.rules';

/**
 * Proves an SNS message came from SNS, recently: an expected topic, a signed
 * Timestamp within SNS_MAX_MESSAGE_AGE_SECONDS of now, a signing certificate
 * from an SNS host (or the sandbox, when trusted), valid now, and a signature
 * (v1 SHA1, v2 SHA256) over SNS's canonical string (which covers Timestamp).
 */
@Injectable()
export class SnsMessageVerifier {
  readonly trust: SnsTrust;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly certificates: SigningCertificateCache,
  ) {
    this.trust = { sandboxOrigin: config.trustSandboxSigners ? config.sandboxUrl : null };
  }

  async verify(message: SnsMessage): Promise<void> {
    if (!isAllowedTopicArn(message.TopicArn, this.config.snsTopicArnPatterns)) {
      throw ApiError.field(HttpStatus.FORBIDDEN, 'TopicArn', 'not a topic this product subscribes to');
    }
    // Checked before the certificate is fetched: a stale message costs no fetch. The
    // signature check below is what makes the Timestamp trustworthy.
    const stale = snsTimestampProblem(message.Timestamp, Date.now(), this.config.SNS_MAX_MESSAGE_AGE_SECONDS);
    if (stale) throw ApiError.field(HttpStatus.UNAUTHORIZED, 'Timestamp', stale);
    if (!isTrustedCertificateUrl(message.SigningCertURL, this.trust)) {
      throw ApiError.field(HttpStatus.UNAUTHORIZED, 'SigningCertURL', 'must be an https URL on sns.<region>.amazonaws.com ending in .pem');
    }
    let certificate;
    try {
      certificate = await this.certificates.get(message.SigningCertURL);
    } catch (error) {
      if (!(error instanceof CertificateUnavailableError)) throw error;
      throw ApiError.field(error.transient ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.UNAUTHORIZED, 'SigningCertURL', error.message);
    }
    const now = Date.now();
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) {
      throw ApiError.field(HttpStatus.UNAUTHORIZED, 'SigningCertURL', 'the signing certificate is not valid now');
    }
    const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256';
    let valid = false;
    try {
      valid = verify(
        algorithm,
        Buffer.from(snsCanonicalString(message), 'utf8'),
        certificate.publicKey,
        Buffer.from(message.Signature, 'base64'),
      );
    } catch {
      valid = false;
    }
    if (!valid)
      throw ApiError.field(HttpStatus.UNAUTHORIZED, 'Signature', `does not verify (SignatureVersion ${message.SignatureVersion})`);
  }
}
