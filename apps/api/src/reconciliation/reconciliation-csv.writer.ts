import type { Response } from 'express';

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * Writes a view as CSV, page by page, so an export of every item never sits
 * in memory whole. `pages` yields arrays of flat rows until it is done.
 */
export async function writeCsv(response: Response, fileName: string, columns: string[], pages: AsyncIterable<Record<string, unknown>[]>): Promise<void> {
  response.status(200);
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${fileName}.csv"`);
  response.write(columns.join(',') + '\n');
  for await (const rows of pages) {
    const text = rows.map((row) => columns.map((c) => cell(row[c])).join(',')).join('\n') + '\n';
    if (!response.write(text)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

/** The client asked for CSV: `?format=csv` or `Accept: text/csv`. */
export const wantsCsv = (format: string | undefined, accept: string | undefined) => format === 'csv' || (accept ?? '').includes('text/csv');
