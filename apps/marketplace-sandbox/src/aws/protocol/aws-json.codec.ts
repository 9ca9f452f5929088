/**
 * The awsJson protocols carry timestamps as epoch seconds (the SDK's
 * default timestamp format 7); responses are built with Date objects and
 * converted here on the way out.
 */
export function toAwsJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toAwsJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toAwsJson(v);
    return out;
  }
  return value;
}

/** Reads an awsJson timestamp (epoch seconds, possibly fractional) from a request. */
export function fromEpochSeconds(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000));
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) return new Date(Number(value) * 1000);
  return undefined;
}
