import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Redis } from 'ioredis';
import { loadConfig } from '@bridge/config';
import { openFailFastRedis, whenRedisReady } from '@bridge/queues';
import { SharedCallPacer } from './shared-call.pacer';

// The Redis `npm test` runs against, as the configuration reads it.
const { REDIS_URL } = loadConfig();

describe('metering calls paced together by every process, through real Redis', () => {
  const clients: Redis[] = [];
  const connect = async (url = REDIS_URL) => {
    const client = openFailFastRedis(url);
    clients.push(client);
    await whenRedisReady(client, 2000);
    return client;
  };
  afterAll(async () => {
    const [first] = clients;
    await first?.del(...keys);
    for (const client of clients) client.disconnect();
  });
  const keys: string[] = [];
  const freshKey = () => {
    const key = `test:metering-pace:${randomUUID()}`;
    keys.push(key);
    return key;
  };
  const noWarning = () => {
    throw new Error('Redis was expected to answer');
  };

  it('hands two processes asking at once slots a tenth of a second apart at 10 calls a second: never 11 in a second', async () => {
    const key = freshKey();
    // Two pacers on two connections: two metering processes of one seller.
    const one = new SharedCallPacer(await connect(), key, 10, noWarning);
    const two = new SharedCallPacer(await connect(), key, 10, noWarning);
    const taken = async (pacer: SharedCallPacer) => {
      const slots: number[] = [];
      for (let i = 0; i < 8; i++) slots.push((await pacer.acquire()) as number);
      return slots;
    };
    const slots = (await Promise.all([taken(one), taken(two)])).flat().sort((a, b) => a - b);
    expect(slots).toHaveLength(16);
    // Slots are in Redis's clock (microseconds): exact, whatever the timers of this test do.
    for (let i = 1; i < slots.length; i++) expect(slots[i] - slots[i - 1]).toBeGreaterThanOrEqual(100_000);
    for (let i = 0; i + 10 < slots.length; i++) expect(slots[i + 10] - slots[i]).toBeGreaterThanOrEqual(1_000_000);
  });

  it("holds every process back after one process's throttle", async () => {
    const key = freshKey();
    const throttled = new SharedCallPacer(await connect(), key, 10, noWarning);
    const other = new SharedCallPacer(await connect(), key, 10, noWarning);
    const before = (await throttled.acquire()) as number;
    await throttled.pause(400);
    const after = (await other.acquire()) as number;
    expect(after - before).toBeGreaterThanOrEqual(400_000);
  });

  it('paces a process alone when Redis is connected but stops answering (a stalled server, a failover)', async () => {
    // A server that answers the client's handshake and ready check, then nothing: every command after them waits for a reply that never comes.
    const stalled: Server = createServer((socket) =>
      socket.on('data', (data) => {
        for (const [, name] of data.toString().matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n/g)) {
          const command = name.toLowerCase();
          if (command === 'hello') socket.write('*2\r\n$6\r\nserver\r\n$5\r\nredis\r\n');
          else if (command === 'client') socket.write('+OK\r\n');
          else if (command === 'info') {
            const info = 'redis_version:7.0.0\r\nloading:0\r\n';
            socket.write(`$${info.length}\r\n${info}\r\n`);
          }
        }
      }),
    );
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    try {
      const client = await connect(`redis://127.0.0.1:${(stalled.address() as AddressInfo).port}`);
      expect(client.status).toBe('ready');
      const warnings: string[] = [];
      const pacer = new SharedCallPacer(client, freshKey(), 10, (error) => warnings.push(error.message));
      expect(await pacer.acquire()).toBeNull();
      expect(warnings).toEqual([expect.stringMatching(/timed out/i)]);
    } finally {
      for (const client of clients.splice(-1)) client.disconnect();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });

  it('paces a process alone when Redis does not answer, and says so', async () => {
    const warnings: string[] = [];
    // Nothing listens on port 1: the connection is refused at once.
    const away = new SharedCallPacer(await connect('redis://127.0.0.1:1'), freshKey(), 20, (error) => warnings.push(error.message));
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect(await away.acquire()).toBeNull();
    // Five calls at 20 a second: the fifth waits for the fourth interval of 50 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(warnings.length).toBe(5);
  });
});
