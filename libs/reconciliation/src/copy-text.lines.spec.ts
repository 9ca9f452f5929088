import { CopyTextBatcher, copyTextRows, copyValue } from './copy-text.lines';

describe('COPY text between PostgreSQL and the matcher', () => {
  it('reads rows of fields, with \\N as null and escapes undone', () => {
    expect(copyTextRows('a\t\\N\tb\\tc\\\\d\n1\t2\t\\n\n')).toEqual([
      ['a', null, 'b\tc\\d'],
      ['1', '2', '\n'],
    ]);
    expect(copyTextRows('')).toEqual([]);
  });

  it('writes values that read back as they were', () => {
    const values = ['plain', 'tab\there', 'back\\slash', 'two\nlines', 'cr\r'];
    expect(copyTextRows(values.map(copyValue).join('\t') + '\n')).toEqual([values]);
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('batches chunks into whole lines only, however the chunks fall', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `ref-${i}\t${i}\n`).join('');
    const batcher = new CopyTextBatcher(100);
    const batches: string[] = [];
    for (let i = 0; i < lines.length; i += 37) {
      const batch = batcher.push(Buffer.from(lines.slice(i, i + 37)));
      if (batch !== null) batches.push(batch);
    }
    const last = batcher.end();
    if (last !== null) batches.push(last);
    expect(batches.length).toBeGreaterThan(10);
    expect(batches.every((b) => b.endsWith('\n'))).toBe(true);
    expect(batches.join('')).toBe(lines);
  });
});
