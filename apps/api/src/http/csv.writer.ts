import type { Response } from 'express';

/**
 * The product's one CSV writer (dashboard exports, reconciliation views):
 * RFC 4180, CRLF line ends, UTF-8. A cell is quoted when it holds a comma, a
 * quote or a line break (CR or LF alone included), its quotes doubled.
 *
 * Cells come from partners, customers and marketplace feeds, and finance
 * opens the files in spreadsheets, so a text cell that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or CR) gets a leading
 * apostrophe and stays text. A plain decimal ("-12.50", "100") is exempt:
 * it cannot call anything, and finance needs refunds and variances to stay
 * numbers; amounts here are exact decimal strings, hence the rule below.
 *
 * Written here rather than with a general CSV library: the leaderboard export
 * writes some 20,000 rows a request, and a general stringifier's per-cell
 * options, casts and allocations took more CPU and garbage than the rows'
 * reading (bench:reads-cpu).
 */
export type CsvCell = string | number | bigint | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/** A text cell as written: defused when a spreadsheet would read it as a formula. */
export const defuseFormula = (text: string): string => (FORMULA_START.test(text) && !PLAIN_DECIMAL.test(text) ? `'${text}` : text);

/** One cell as written: text defused, numbers as JavaScript prints them, booleans as true/false, dates in ISO 8601, nothing as empty. */
function csvCell(value: CsvCell): string {
  let text: string;
  if (value === null || value === undefined) return '';
  else if (typeof value === 'string') text = defuseFormula(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTES, '""')}"` : text;
}

/** Lines of CSV, each ended by CRLF. */
function csvLines(rows: CsvCell[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += i === 0 ? csvCell(row[i]) : `,${csvCell(row[i])}`;
    out += '\r\n';
  }
  return out;
}

/** A whole CSV document: a header line, then one line per row. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return csvLines([header]) + csvLines(rows);
}

/**
 * A download's file name, safe in a Content-Disposition header (and on any
 * disk) whatever the parts hold, ids from the URL and partner names among
 * them: runs of lowercase ASCII letters and digits joined by dashes, at most
 * 120 characters, ending `.csv`.
 */
export function csvFileName(...parts: string[]): string {
  const slug = parts
    .join('-')
    .normalize('NFKD') // "Société" → "Societe": accents dropped rather than the letters
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 120)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'export'}.csv`;
}

/** Starts a CSV download: status, type, no caching, and a file name made safe by csvFileName. */
export function startCsvDownload(response: Response, ...nameParts: string[]): void {
  response.status(200);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Disposition', `attachment; filename="${csvFileName(...nameParts)}"`);
}

/**
 * Writes a view as CSV, page by page, so an export of every item never sits
 * in memory whole. `pages` yields arrays of flat rows until it is done.
 */
export async function streamCsv(
  response: Response,
  fileName: string,
  columns: string[],
  pages: AsyncIterable<Record<string, unknown>[]>,
): Promise<void> {
  await streamCsvRows(
    response,
    [fileName],
    columns,
    mapBatches(pages, (row) => columns.map((c) => row[c] as CsvCell)),
  );
}

/** Writes batches of cells as CSV as they come, waiting for the client to drain each before reading the next. */
export async function streamCsvRows(
  response: Response,
  nameParts: string[],
  header: string[],
  batches: AsyncIterable<CsvCell[][]>,
): Promise<void> {
  startCsvDownload(response, ...nameParts);
  response.write(csvLines([header]));
  for await (const rows of batches) {
    if (response.destroyed) break;
    if (!response.write(csvLines(rows))) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

async function* mapBatches<T, U>(batches: AsyncIterable<T[]>, map: (row: T) => U): AsyncIterable<U[]> {
  for await (const batch of batches) yield batch.map(map);
}

/** The client asked for CSV: `?format=csv` or `Accept: text/csv`. */
export const wantsCsv = (format: string | undefined, accept: string | undefined) => format === 'csv' || (accept ?? '').includes('text/csv');
