import { TaskTracker } from './task-tracker';

describe('TaskTracker', () => {
  it('idle() waits for scheduled steps, including the ones they schedule, and tracked promises', async () => {
    const tracker = new TaskTracker(() => {});
    const ran: string[] = [];
    tracker.schedule(5, () => {
      ran.push('first');
      tracker.schedule(5, () => ran.push('second'));
    });
    tracker.track(new Promise((resolve) => setTimeout(resolve, 20)).then(() => ran.push('promise')));
    await tracker.idle();
    // All three ran before idle() resolved; only the step order is fixed (timers race under load).
    expect([...ran].sort()).toEqual(['first', 'promise', 'second']);
    expect(ran.indexOf('first')).toBeLessThan(ran.indexOf('second'));
  });

  it('cancelTimers() drops pending steps and releases idle()', async () => {
    const tracker = new TaskTracker(() => {});
    const ran: string[] = [];
    tracker.schedule(10_000, () => ran.push('never'));
    const idle = tracker.idle();
    tracker.cancelTimers();
    await idle;
    expect(ran).toEqual([]);
  });

  it('reports a step that throws instead of crashing, and refuses new steps after stop()', async () => {
    const errors: unknown[] = [];
    const tracker = new TaskTracker((error) => errors.push(error));
    tracker.schedule(1, () => {
      throw new Error('boom');
    });
    await tracker.idle();
    expect(errors).toEqual([new Error('boom')]);

    tracker.stop();
    const ran: string[] = [];
    tracker.schedule(1, () => ran.push('after stop'));
    await tracker.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran).toEqual([]);
  });
});
