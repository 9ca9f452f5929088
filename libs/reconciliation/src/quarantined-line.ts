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
