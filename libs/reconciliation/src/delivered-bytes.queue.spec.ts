import { Readable } from 'node:stream';
import { DeliveredBytesQueue } from './delivered-bytes.queue';

const queueOf = (...chunks: string[]) => new DeliveredBytesQueue(Readable.from(chunks.map((c) => Buffer.from(c))));
const restOf = async (queue: DeliveredBytesQueue) => {
  const parts: Buffer[] = [];
  for await (const part of queue.rest()) parts.push(part);
  return Buffer.concat(parts).toString();
};

describe('DeliveredBytesQueue: the start of a ranged read, taken apart before the rest streams on', () => {
  it('takes the bytes already imported, then the header record, across chunk edges, and hands on the rest untouched', async () => {
    const queue = queueOf('abc', 'dh1,"x', '\ny"\nr1\nr', '2\n');
    expect((await queue.take(4)).toString()).toBe('abcd');
    expect((await queue.takeRecord())?.toString()).toBe('h1,"x\ny"\n');
    expect(await queue.hasRecord()).toBe(true);
    expect(await restOf(queue)).toBe('r1\nr2\n');
  });

  it('says when no whole record follows (a line still being written)', async () => {
    const queue = queueOf('h\n', 'partial');
    expect((await queue.takeRecord())?.toString()).toBe('h\n');
    expect(await queue.hasRecord()).toBe(false);
  });

  it('gives fewer bytes than asked when the read ends first', async () => {
    expect((await queueOf('ab').take(4)).toString()).toBe('ab');
  });
});
