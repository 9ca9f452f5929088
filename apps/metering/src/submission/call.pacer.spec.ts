import { CallPacer } from './call.pacer';

describe('CallPacer', () => {
  it('never lets more calls through in a second than the rate, however fast they are asked for', async () => {
    let now = 0;
    const passed: number[] = [];
    const pacer = new CallPacer(
      8,
      () => now,
      async (ms) => void (now += ms),
    );
    for (let i = 0; i < 40; i++) {
      await pacer.acquire();
      passed.push(now);
    }
    for (let i = 0; i + 8 < passed.length; i++) expect(passed[i + 8] - passed[i]).toBeGreaterThanOrEqual(1000);
  });

  it('waits out a pause after a throttle', async () => {
    let now = 0;
    const pacer = new CallPacer(
      10,
      () => now,
      async (ms) => void (now += ms),
    );
    await pacer.acquire();
    pacer.pause(2000);
    await pacer.acquire();
    expect(now).toBe(2000);
  });
});
