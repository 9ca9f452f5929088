import type { Redis } from 'ioredis';
import { CallPacer } from './call.pacer';

/**
 * One atomic step on the shared slot, in Redis's own clock (one clock for
 * every process, whatever theirs say), in microseconds. ARGV[1] > 0: take the
 * next slot, at least ARGV[1] after the one before; ARGV[2] > 0: nobody's
 * slot comes before now + ARGV[2] (a throttle's pause). Returns the wait
 * before the slot taken and the slot itself, as strings (Lua numbers are
 * doubles: microseconds since 1970 fit in their 53 bits).
 */
const PACE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nextSlot = tonumber(redis.call('GET', KEYS[1]) or '0')
local interval = tonumber(ARGV[1])
local pause = tonumber(ARGV[2])
if pause > 0 then
  if now + pause > nextSlot then redis.call('SET', KEYS[1], string.format('%.0f', now + pause), 'PX', math.ceil(pause / 1000) + 60000) end
  return {'0', string.format('%.0f', now)}
end
local slot = math.max(now, nextSlot)
redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', math.ceil((slot + interval - now) / 1000) + 60000)
return {string.format('%.0f', slot - now), string.format('%.0f', slot)}
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Paces the marketplace calls of every metering process together: AWS's
 * quota (10 BatchMeterUsage calls a second) is per seller, not per process,
 * so two workers each pacing themselves at 8 a second would be throttled.
 * The slots are handed out by Redis. If Redis cannot answer, the process
 * paces itself alone (as one process would) and a throttle, which the
 * submitter rides out, is the worst that can come of it.
 */
export class SharedCallPacer {
  private readonly intervalUs: number;
  private readonly alone: CallPacer;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    callsPerSecond: number,
    private readonly onRedisAway: (error: Error) => void,
  ) {
    this.intervalUs = Math.ceil(1_000_000 / callsPerSecond);
    this.alone = new CallPacer(callsPerSecond);
  }

  /** Waits for this process's next slot; resolves with the slot's time in Redis's clock (microseconds), or null when paced alone. */
  async acquire(): Promise<number | null> {
    let answer: [string, string];
    try {
      answer = (await this.redis.eval(PACE_SCRIPT, 1, this.key, this.intervalUs, 0)) as [string, string];
    } catch (error) {
      this.onRedisAway(error as Error);
      await this.alone.acquire();
      return null;
    }
    const waitUs = Number(answer[0]);
    if (waitUs > 0) await sleep(Math.ceil(waitUs / 1000));
    return Number(answer[1]);
  }

  /** After a throttle: no process calls again before `ms` has passed. */
  async pause(ms: number): Promise<void> {
    this.alone.pause(ms);
    try {
      await this.redis.eval(PACE_SCRIPT, 1, this.key, 0, Math.ceil(ms * 1000));
    } catch (error) {
      this.onRedisAway(error as Error);
    }
  }
}
