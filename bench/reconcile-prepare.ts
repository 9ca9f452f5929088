/**
 * The benchmark's preparation, in a process of its own so that its memory
 * never counts in the product's peak: writes the two feeds, then measures the
 * raw rate of csv-parse alone, on one thread, with the product's options,
 * over the big file cut into the same whole-record segments the product
 * parses. Usage: node reconcile-prepare.js BIG_PATH LINES SMALL_PATH
 * SMALL_LINES, or node reconcile-prepare.js --raw PATH (the raw parse
 * again, of a feed already written); prints one JSON line.
 */
import { createReadStream } from 'node:fs';
import { parseFeedCsv } from '@bridge/reconciliation';
import { FeedSegmenter } from '@bridge/reconciliation';
import { writeBenchFeed } from './reconcile-feed.generator';

async function rawParse(file: string): Promise<{ lines: number; seconds: number }> {
  let records = 0;
  const started = process.hrtime.bigint();
  const segmenter = new FeedSegmenter();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (const segment of segmenter.push(chunk as Buffer)) records += parseFeedCsv(segment.bytes).length;
  }
  const last = segmenter.end();
  if (last) records += parseFeedCsv(last.bytes).length;
  return { lines: records, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main() {
  if (process.argv[2] === '--raw') {
    const raw = await rawParse(process.argv[3]);
    console.log(JSON.stringify({ rawLines: raw.lines, rawSeconds: raw.seconds }));
    return;
  }
  const [big, lines, small, smallLines] = process.argv.slice(2);
  const bigFeed = await writeBenchFeed(big, Number(lines), 'b1m');
  const smallFeed = await writeBenchFeed(small, Number(smallLines), 'b100k');
  const raw = await rawParse(big);
  console.log(JSON.stringify({ bigFeed, smallFeed, rawLines: raw.lines, rawSeconds: raw.seconds }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
