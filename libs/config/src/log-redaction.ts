/**
 * Keeps credentials out of the logs, which are shipped to and kept by systems
 * with wider access than the product's own database. Applied to every line
 * both loggers print, whatever code wrote it.
 */
const SECRET_FIELD = /^(authorization|cookie|set-cookie|password|key|api[-_]?key|x-api-key|bootstrap_admin_api_key|.*secret|.*token)$/i;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const API_KEY = /\bmpb_[A-Za-z0-9_-]+/g;
export const REDACTED = '[redacted]';

export function redactSecrets(message: unknown, depth = 0): unknown {
  if (typeof message === 'string') return message.replace(BEARER, `$1 ${REDACTED}`).replace(API_KEY, `mpb_${REDACTED}`);
  if (message === null || typeof message !== 'object' || depth > 6 || message instanceof Error) return message;
  if (Array.isArray(message)) return message.map((item) => redactSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(message).map(([field, value]) => [
      field,
      SECRET_FIELD.test(field) && value != null ? REDACTED : redactSecrets(value, depth + 1),
    ]),
  );
}
