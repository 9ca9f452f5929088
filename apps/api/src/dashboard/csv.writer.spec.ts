import { toCsv } from './csv.writer';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and ends every line with CRLF', () => {
    expect(toCsv(['name', 'note'], [['Northwind, Inc.', 'said "hi"\nthen left'], [null, 3n]])).toBe(
      'name,note\r\n"Northwind, Inc.","said ""hi""\nthen left"\r\n,3\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas but keeps negative amounts numeric', () => {
    const csv = toCsv(['partner', 'amount'], [['=HYPERLINK("http://x")', '-100.00'], ['@SUM(A1)', '12.50']], ['amount']);
    expect(csv.split('\r\n')).toEqual(['partner,amount', `"'=HYPERLINK(""http://x"")",-100.00`, `'@SUM(A1),12.50`, '']);
  });

  it('defuses a minus sign in a column that is not an amount', () => {
    expect(toCsv(['reason'], [['-1+1']])).toBe("reason\r\n'-1+1\r\n");
  });
});
