import type { FeedLineError } from './feed-line.error';

/**
 * How much of a malformed line is kept: enough for a person to see what is
 * wrong with it. A record may run to 16 MB and an import may set 10,000
 * aside; held whole they could fill the memory of the import (and then the
 * table) with text nobody reads.
 */
export const QUARANTINE_EXCERPT_CHARS = 1024;

/** A malformed line set aside: where, why, the start of its text and how long it was in all. */
export interface QuarantinedLine {
  line: number;
  column: string;
  reason: string;
  /** The line as CSV, cut to its first QUARANTINE_EXCERPT_CHARS characters. */
  raw: string;
  /** The length of the whole line as CSV, in characters. */
  rawLength: number;
}

/**
 * A parsed record set aside for `error`. The line's CSV text is measured
 * field by field and only its start is ever built, so a huge line costs no
 * copy of itself. The reason is cut too: it may quote a field's value.
 */
export function quarantinedLine(record: string[], line: number, error: FeedLineError): QuarantinedLine {
  let raw = '';
  let rawLength = Math.max(0, record.length - 1);
  for (const [i, value] of record.entries()) {
    const needsQuotes = /[",\r\n]/.test(value);
    rawLength += value.length + (needsQuotes ? 2 + countQuotes(value) : 0);
    if (raw.length < QUARANTINE_EXCERPT_CHARS) {
      const room = QUARANTINE_EXCERPT_CHARS - raw.length;
      const start = value.slice(0, room + 1);
      raw += (i > 0 ? ',' : '') + (needsQuotes ? `"${start.replace(/"/g, '""')}"` : start);
    }
  }
  return { line, column: error.column, reason: excerpt(error.reason), raw: excerpt(raw), rawLength };
}

const excerpt = (text: string) => (text.length > QUARANTINE_EXCERPT_CHARS ? text.slice(0, QUARANTINE_EXCERPT_CHARS) : text);

function countQuotes(value: string): number {
  let count = 0;
  for (let at = value.indexOf('"'); at >= 0; at = value.indexOf('"', at + 1)) count += 1;
  return count;
}
