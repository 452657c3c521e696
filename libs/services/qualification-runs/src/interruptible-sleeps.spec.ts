import { InterruptibleSleeps } from './interruptible-sleeps';

describe('interruptible sleeps', () => {
  it('ends every pending sleep when stopped, and sleeps asked for later at once', async () => {
    const sleeps = new InterruptibleSleeps();
    let woken = 0;
    const pending = [sleeps.sleep(60_000), sleeps.sleep(60_000)].map((sleep) =>
      sleep.then(() => (woken += 1)),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(0);
    sleeps.stop();
    await Promise.all(pending);
    expect(woken).toBe(2);
    const later = sleeps.sleep(60_000).then(() => 'returned');
    const tick = new Promise((resolve) =>
      setTimeout(() => {
        resolve('a timer first');
      }, 50),
    );
    expect(await Promise.race([later, tick])).toBe('returned');
  });

  it('ends on its own after its time', async () => {
    const sleeps = new InterruptibleSleeps();
    let done = false;
    const sleep = sleeps.sleep(20).then(() => (done = true));
    expect(done).toBe(false);
    await sleep;
    expect(done).toBe(true);
  });
});
