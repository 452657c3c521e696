/**
 * The pauses of a service's background loops, cut short when the service stops: stop() wakes every loop
 * that sleeps, and a sleep asked for after it returns at once, so a shutdown never waits out a timer.
 */
export class InterruptibleSleeps {
  private stopped = false;
  private readonly wakes = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakes.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakes.add(wake);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const wake of this.wakes) wake();
  }
}
