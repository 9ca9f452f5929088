import { countNewlines, FeedSegmenter } from './feed-segmenter';

/** Feeds `text` in chunks of `chunk` bytes; returns the header and the segments. */
function cut(text: string, chunk: number, segmentBytes: number) {
  const segmenter = new FeedSegmenter(segmentBytes);
  const bytes = Buffer.from(text);
  const segments = [];
  for (let i = 0; i < bytes.length; i += chunk) segments.push(...segmenter.push(bytes.subarray(i, i + chunk)));
  const last = segmenter.end();
  if (last) segments.push(last);
  return {
    header: segmenter.headerBytes?.toString(),
    segments: segments.map((s) => ({ text: s.bytes.toString(), startLine: s.startLine })),
  };
}

describe('cutting a feed into segments of whole records', () => {
  const rows = Array.from({ length: 40 }, (_, i) => `be-${i},${i % 7 === 0 ? '"two\nlines, and a "" quote"' : 'plain'},${i}.00`);
  const text = `id,note,amount\n${rows.join('\n')}\n`;

  it.each([
    [1, 64],
    [7, 50],
    [1000, 64],
    [100000, 1 << 20],
  ])('gives back every byte after the header, in order, cut only between records (chunks of %i, segments of %i)', (chunk, size) => {
    const { header, segments } = cut(text, chunk, size);
    expect(header).toBe('id,note,amount');
    expect(segments.map((s) => s.text).join('')).toBe(text.slice('id,note,amount\n'.length));
    for (const segment of segments) {
      // A record boundary: the segment holds an even number of quotes, and ends with a line break (or the file).
      expect((segment.text.match(/"/g) ?? []).length % 2).toBe(0);
      expect(segment.text.endsWith('\n')).toBe(true);
    }
  });

  it('numbers each segment by the file line its first record starts on, counting line breaks inside quotes', () => {
    const { segments } = cut(text, 13, 40);
    let line = 2;
    for (const segment of segments) {
      expect(segment.startLine).toBe(line);
      line += countNewlines(Buffer.from(segment.text));
    }
    expect(line).toBe(text.split('\n').length);
  });

  it('keeps a last line without a line break, and a header spread over two chunks', () => {
    const { header, segments } = cut('a,b\r\n1,2\r\n3,4', 2, 1 << 20);
    expect(header).toBe('a,b');
    expect(segments.map((s) => s.text).join('')).toBe('1,2\r\n3,4');
    expect(segments[0].startLine).toBe(2);
  });

  it('grows a segment to hold a record longer than the segment size', () => {
    const long = `x,"${'y'.repeat(300)}\n${'z'.repeat(300)}",1`;
    const { segments } = cut(`a,b,c\n1,2,3\n${long}\n4,5,6\n`, 64, 100);
    expect(segments.some((s) => s.text.startsWith(`${long}\n`))).toBe(true);
    expect(segments.map((s) => s.text).join('')).toBe(`1,2,3\n${long}\n4,5,6\n`);
  });

  it('refuses a file whose quote never closes rather than buffering it without end', () => {
    const segmenter = new FeedSegmenter(1024);
    segmenter.push(Buffer.from('a,b\n1,"open\n'));
    const chunk = Buffer.alloc(1 << 20, 'x\n');
    expect(() => {
      for (let i = 0; i < 20; i++) segmenter.push(chunk);
    }).toThrow(/line 2.*runs over 16 MB: an unclosed quote/);
  });
});
