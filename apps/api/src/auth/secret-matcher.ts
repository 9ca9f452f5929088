import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with the configured one in constant time: both
 * are hashed to equal-length digests first, so neither the secret nor its
 * length leaks through timing.
 */
export class SecretMatcher {
  private readonly expected: Buffer;

  constructor(secret: string) {
    this.expected = digest(secret);
  }

  matches(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.expected);
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
