/**
 * The rules that decide whether an SNS message may be trusted, before any
 * signature is checked. Pure, so every branch is unit-tested.
 */

/** The fields SNS signs, per message type, in the order it signs them. */
const SIGNED_FIELDS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

export type SnsMessageType = keyof typeof SIGNED_FIELDS;

/** The string SNS signs: `key\nvalue\n` for each signed field present, in SNS's fixed order. */
export function snsCanonicalString(message: { Type: SnsMessageType } & Record<string, unknown>): string {
  return SIGNED_FIELDS[message.Type]
    .filter((key) => typeof message[key] === 'string')
    .map((key) => `${key}\n${message[key] as string}\n`)
    .join('');
}

/** `sns.<region>.amazonaws.com` (and the China partition's `.amazonaws.com.cn`). */
const SNS_HOST = /^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/;

export interface SnsTrust {
  /** The sandbox's origin (http://127.0.0.1:<port>) when its signer is trusted, else null. */
  sandboxOrigin: string | null;
}

/**
 * Whether a SigningCertURL may be fetched: HTTPS on an SNS host with a path
 * ending `.pem`; or, when trusted, the sandbox's own certificate.
 */
export function isTrustedCertificateUrl(value: string, trust: SnsTrust): boolean {
  const url = parseUrl(value);
  if (!url || url.username || url.password || !url.pathname.endsWith('.pem')) return false;
  if (url.protocol === 'https:' && SNS_HOST.test(url.hostname) && (url.port === '' || url.port === '443')) return true;
  return (
    trust.sandboxOrigin !== null && url.origin === trust.sandboxOrigin && url.pathname.startsWith('/_sandbox/sns/') && url.search === ''
  );
}

/** Whether a SubscribeURL may be fetched to confirm a subscription: the same hosts, any path. */
export function isTrustedSubscribeUrl(value: string, trust: SnsTrust): boolean {
  const url = parseUrl(value);
  if (!url || url.username || url.password) return false;
  if (url.protocol === 'https:' && SNS_HOST.test(url.hostname) && (url.port === '' || url.port === '443')) return true;
  return trust.sandboxOrigin !== null && url.origin === trust.sandboxOrigin;
}

/**
 * Why a message's signed Timestamp makes it unacceptable now, or null when it
 * is fresh. A signature proves SNS sent the message once, not that it is
 * being sent now: without an age limit a captured message could be posted
 * again at any later time. A Timestamp as far ahead of our clock is refused
 * too (a signer's clock that wrong is not one to trust).
 */
export function snsTimestampProblem(timestamp: string, now: number, maxAgeSeconds: number): string | null {
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt)) return 'is not a date';
  const ageSeconds = Math.round((now - signedAt) / 1000);
  if (ageSeconds > maxAgeSeconds)
    return `the message was signed ${describeSeconds(ageSeconds)} ago; messages older than ${describeSeconds(maxAgeSeconds)} are refused as replays`;
  if (-ageSeconds > maxAgeSeconds)
    return `the message is dated ${describeSeconds(-ageSeconds)} in the future; more than ${describeSeconds(maxAgeSeconds)} is refused`;
  return null;
}

const describeSeconds = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/** Whether a TopicArn matches one of the allowed patterns (`*` matches any run of characters). */
export function isAllowedTopicArn(topicArn: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(topicArn));
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
