/**
 * RFC 4180 CSV for finance and sales ops. A cell that a spreadsheet would
 * read as a formula (=, +, -, @, tab, CR at the start) is prefixed with a
 * quote mark, so a partner or customer name cannot run in Excel; amounts are
 * written as plain decimals and are exempt (a refund's "-100.00" stays a number).
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

export function toCsv(header: string[], rows: CsvCell[][], numericColumns: string[] = []): string {
  const numeric = new Set(numericColumns.map((c) => header.indexOf(c)));
  const line = (cells: CsvCell[], isHeader: boolean) =>
    cells.map((cell, i) => quote(cell, !isHeader && numeric.has(i))).join(',');
  return [line(header, true), ...rows.map((r) => line(r, false))].join('\r\n') + '\r\n';
}

function quote(cell: CsvCell, numeric: boolean): string {
  if (cell === null || cell === undefined) return '';
  let text = String(cell);
  if (!(numeric && /^-?\d+(\.\d+)?$/.test(text)) && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
