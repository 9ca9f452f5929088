import { csvFileName, defuseFormula, toCsv } from './csv.writer';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and ends every line with CRLF', () => {
    expect(
      toCsv(
        ['name', 'note'],
        [
          ['Northwind, Inc.', 'said "hi"\nthen left'],
          [null, 3n],
        ],
      ),
    ).toBe('name,note\r\n"Northwind, Inc.","said ""hi""\nthen left"\r\n,3\r\n');
  });

  it('quotes a cell holding a line break of any kind, so a spreadsheet never splits its row', () => {
    expect(toCsv(['note'], [['a\nb'], ['c\rd'], ['e\r\nf'], ['ends\r']])).toBe('note\r\n"a\nb"\r\n"c\rd"\r\n"e\r\nf"\r\n"ends\r"\r\n');
  });

  it('writes nothing for null and undefined, and an empty text unquoted', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, '', 'x']])).toBe('a,b,c,d\r\n,,,x\r\n');
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas but keeps negative amounts numeric', () => {
    const csv = toCsv(
      ['partner', 'amount'],
      [
        ['=HYPERLINK("http://x")', '-100.00'],
        ['@SUM(A1)', '12.50'],
      ],
    );
    expect(csv.split('\r\n')).toEqual(['partner,amount', `"'=HYPERLINK(""http://x"")",-100.00`, `'@SUM(A1),12.50`, '']);
  });

  it('defuses every formula start, and a minus sign that is not a plain number', () => {
    for (const cell of ['=1+1', '+1+1', '-1+1', '-A1', '@cmd', '\t=1', '\r=1', '-', '-12.50.1', '-1e5'])
      expect([cell, defuseFormula(cell)]).toEqual([cell, `'${cell}`]);
    for (const cell of ['-12.50', '-100', '0.00', '12', 'Northwind', 'a=b', '']) expect([cell, defuseFormula(cell)]).toEqual([cell, cell]);
    expect(toCsv(['reason'], [['-1+1']])).toBe("reason\r\n'-1+1\r\n");
  });

  it('writes numbers, booleans and dates as text a spreadsheet reads back', () => {
    expect(toCsv(['n', 'b', 'd'], [[-3, true, new Date('2026-06-01T00:00:00Z')]])).toBe('n,b,d\r\n-3,true,2026-06-01T00:00:00.000Z\r\n');
    expect(toCsv(['n', 'b', 'x'], [[-12345678901234567890n, false, 0.5]])).toBe('n,b,x\r\n-12345678901234567890,false,0.5\r\n');
  });

  it('makes download names safe whatever they are made of', () => {
    expect(csvFileName('disbursement', 'DISB-2026-06')).toBe('disbursement-disb-2026-06.csv');
    expect(csvFileName('disbursement', 'x"; filename="evil.exe')).toBe('disbursement-x-filename-evil-exe.csv');
    expect(csvFileName('credits', 'Northwind Traders, Inc.', '2026-06-01')).toBe('credits-northwind-traders-inc-2026-06-01.csv');
    expect(csvFileName('disbursement', '../../etc/passwd\r\nSet-Cookie: a=b')).toBe('disbursement-etc-passwd-set-cookie-a-b.csv');
    expect(csvFileName('Ünïcödé ✓')).toBe('unicode.csv');
    expect(csvFileName('***')).toBe('export.csv');
    expect(csvFileName('a'.repeat(500))).toHaveLength(124);
  });
});
