/**
 * Whether a parsed JSON body holds a NUL character (U+0000) in any key or
 * string. PostgreSQL cannot store one in `jsonb`, so such a body could never
 * be kept as received; no cloud sends one, and it is refused instead of
 * failing deep in the database.
 */
export function containsNulCharacter(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNulCharacter);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNulCharacter(item));
  }
  return false;
}
