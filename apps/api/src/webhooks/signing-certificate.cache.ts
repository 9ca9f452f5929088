import { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';

const FETCH_TIMEOUT_MS = 5000;
const MAX_CERTIFICATE_BYTES = 16_384;
/** SNS rotates its certificate rarely and under a new URL; a day keeps a revoked one from lingering long. */
const CACHE_TTL_MS = 24 * 3_600_000;
const MAX_ENTRIES = 64;
/**
 * A failed fetch is remembered this long: a flood of messages naming a
 * certificate that cannot be had costs one fetch a minute, not one each.
 * Short, so a certificate host that was briefly away is tried again soon
 * (SNS retries a refused delivery later).
 */
const FAILURE_TTL_MS = 60_000;

export class CertificateUnavailableError extends Error {
  /** True when the certificate's host could not be reached: worth a retry, unlike a refusal. */
  constructor(
    message: string,
    readonly transient = false,
  ) {
    super(message);
  }
}

interface Entry {
  certificate: Promise<X509Certificate>;
  expiresAt: number;
}

/**
 * SNS signing certificates by URL, fetched once and kept for a day (or until
 * they expire, if sooner). A fetch in flight is shared by concurrent callers;
 * a failed fetch is remembered for a minute, apart from the certificates, so
 * failures never push a good certificate out. Only URLs the caller has
 * already judged trustworthy may be passed in.
 */
@Injectable()
export class SigningCertificateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly failures = new Map<string, Entry>();

  get(url: string, now = Date.now()): Promise<X509Certificate> {
    const cached = this.entries.get(url) ?? this.failures.get(url);
    if (cached && cached.expiresAt > now) return cached.certificate;
    this.failures.delete(url);
    const certificate = fetchCertificate(url);
    remember(this.entries, url, { certificate, expiresAt: now + CACHE_TTL_MS });
    certificate.then(
      (cert) => {
        const entry = this.entries.get(url);
        if (entry?.certificate === certificate) entry.expiresAt = Math.min(entry.expiresAt, Date.parse(cert.validTo));
      },
      () => {
        if (this.entries.get(url)?.certificate !== certificate) return;
        this.entries.delete(url);
        remember(this.failures, url, { certificate, expiresAt: now + FAILURE_TTL_MS });
      },
    );
    return certificate;
  }

  /** How many certificates are held (for tests of the cache). */
  get size(): number {
    return this.entries.size;
  }
}

/** Adds an entry, dropping the oldest beyond MAX_ENTRIES so many distinct URLs cannot grow the map without bound. */
function remember(map: Map<string, Entry>, url: string, entry: Entry): void {
  map.delete(url);
  map.set(url, entry);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

async function fetchCertificate(url: string): Promise<X509Certificate> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw new CertificateUnavailableError(`signing certificate could not be fetched: ${(error as Error).message}`, true);
  }
  if (!response.ok)
    throw new CertificateUnavailableError(`signing certificate could not be fetched: HTTP ${response.status}`, response.status >= 500);
  const pem = await response.text();
  if (pem.length > MAX_CERTIFICATE_BYTES) throw new CertificateUnavailableError('signing certificate is too large');
  try {
    return new X509Certificate(pem);
  } catch {
    throw new CertificateUnavailableError('signing certificate is not a PEM X.509 certificate');
  }
}
