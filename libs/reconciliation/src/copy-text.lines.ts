const ESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };
const unescape = (value: string) => (value.includes('\\') ? value.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c) : value);

/** Whole lines of PostgreSQL COPY text output, as lines (without their line breaks). */
export function copyTextLines(text: string): string[] {
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  return end <= 0 ? [] : text.slice(0, end).split('\n');
}

/** One line of COPY text output as its fields (null for \N). */
export const copyTextFields = (line: string): (string | null)[] => line.split('\t').map((v) => (v === '\\N' ? null : unescape(v)));

/** Whole lines of PostgreSQL COPY text output, as rows of fields. */
export const copyTextRows = (text: string): (string | null)[][] => copyTextLines(text).map(copyTextFields);

/**
 * Cuts COPY text output, arriving in chunks, into batches of whole lines of
 * about `batchChars` characters: lines are never split across batches.
 */
export class CopyTextBatcher {
  private pending = '';

  constructor(private readonly batchChars = 1 << 18) {}

  push(chunk: Buffer | string): string | null {
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.pending.length < this.batchChars) return null;
    const cut = this.pending.lastIndexOf('\n') + 1;
    if (cut === 0) return null;
    const batch = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    return batch;
  }

  end(): string | null {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? null : rest;
  }
}

/** A value for COPY text input. */
export function copyValue(value: string | bigint | number | boolean | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}
