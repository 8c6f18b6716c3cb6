import { TypingThrottle } from './typing-throttle';

describe('TypingThrottle', () => {
  it('lets one signal through per interval', () => {
    let now = 1000;
    const throttle = new TypingThrottle(2000, () => now);
    expect(throttle.take()).toBe(true);
    now += 500;
    expect(throttle.take()).toBe(false);
    now += 1499;
    expect(throttle.take()).toBe(false);
    now += 1;
    expect(throttle.take()).toBe(true);
  });

  it('starts over after reset', () => {
    const now = 0;
    const throttle = new TypingThrottle(2000, () => now);
    expect(throttle.take()).toBe(true);
    expect(throttle.take()).toBe(false);
    throttle.reset();
    expect(throttle.take()).toBe(true);
  });
});
