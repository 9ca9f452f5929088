import { Readable } from 'node:stream';
import { firstRecordLength, RecordBoundaryCutter } from './record-boundary.cutter';

async function cut(chunks: string[]) {
  const cutter = new RecordBoundaryCutter();
  const out: Buffer[] = [];
  for await (const piece of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(cutter)) out.push(piece as Buffer);
  return { text: Buffer.concat(out).toString(), passed: cutter.passedBytes, records: cutter.records };
}

describe('RecordBoundaryCutter: only whole records of an object still being appended to', () => {
  it('passes every record when the bytes end on a line feed', async () => {
    expect(await cut(['a,1\nb,2\n'])).toEqual({ text: 'a,1\nb,2\n', passed: 8, records: 2 });
  });

  it('holds back a half-written last line, across chunks, and counts only what it passed', async () => {
    expect(await cut(['a,1\nb,', '2\nc,3'])).toEqual({ text: 'a,1\nb,2\n', passed: 8, records: 2 });
  });

  it('does not end a record at a line feed inside quotes, even when the quote opened in an earlier chunk', async () => {
    expect(await cut(['a,"x', '\ny"\nb,"open\n'])).toEqual({ text: 'a,"x\ny"\n', passed: 8, records: 1 });
  });

  it('passes nothing when no record is complete yet', async () => {
    expect(await cut(['partial'])).toEqual({ text: '', passed: 0, records: 0 });
  });
});

describe('firstRecordLength', () => {
  it('is the first record with its line feed, quoted line feeds included', () => {
    expect(firstRecordLength(Buffer.from('h1,"a\nb"\nrow\n'))).toBe(9);
    expect(firstRecordLength(Buffer.from('h1,h2'))).toBe(-1);
  });
});
