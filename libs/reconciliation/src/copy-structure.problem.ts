import type { HeaderAt, LineMap } from './staged-feed.sql';
import { FeedLineError, FeedRefused } from './feed-line.error';

/** SQLSTATEs of a COPY that met input it cannot read as CSV: bad structure, bytes that are not UTF-8. */
const FILE_FORMAT = new Set(['22P04', '22021']);

/**
 * A COPY refused by PostgreSQL because of the file's structure (a record with
 * more or fewer fields than the header, an unclosed quote, bytes that are
 * not UTF-8) as the file's problem, named by file line and column in the
 * words the file's reader used; null for any other error. COPY names the
 * record by its ordinal; its file line is exact unless a quoted line break
 * comes before it (the records before it are not kept to count them).
 * Nothing after such a problem can be trusted, so it refuses the file
 * whatever the malformed-line policy.
 */
export function copyStructureProblem(error: unknown, map: LineMap, width: number, at: HeaderAt): FeedLineError | FeedRefused | null {
  const { code, message, where } = error as { code?: string; message?: string; where?: string };
  if (!code || !FILE_FORMAT.has(code) || !message) return null;
  const ordinal = Number(/, line (\d+)/.exec(where ?? '')?.[1] ?? 0);
  const line = ordinal > 0 ? fileLine(ordinal, map) : null;
  const missing = /^missing data for column "c(\d+)"/.exec(message);
  if (missing && line !== null) {
    const fields = Number(missing[1]);
    const column = Object.entries(at).find(([, index]) => index >= fields)?.[0] ?? '(end)';
    return new FeedLineError(line, column, `has ${fields} fields, the header has ${width}`);
  }
  if (message.startsWith('extra data after last expected column') && line !== null)
    return new FeedLineError(line, '(end)', `has more than ${width} fields, the header has ${width}`);
  const reason = /unterminated CSV quoted field/.test(message) ? 'a quote is never closed: not a CSV file that can be read' : message;
  return new FeedRefused(line === null ? `the file is not CSV that can be read: ${reason}` : `line ${line}: ${reason}`, line, null);
}

function fileLine(ordinal: number, map: LineMap): number {
  let line = map.firstLine + ordinal - 1;
  for (const blank of map.blankLines) if (blank <= line) line += 1;
  return line;
}
