/** "Now" for labels that age ("waiting 12 min"): updated every 30 s while the app runs. */
class Clock {
  #now = $state(Date.now());

  constructor() {
    if (typeof window !== 'undefined') window.setInterval(() => (this.#now = Date.now()), 30_000);
  }

  get now(): number {
    return this.#now;
  }
}

export const clock = new Clock();
