/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, { timeoutMs = 10_000, intervalMs = 25, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Collects every event of the given names a socket receives, for later assertions. */
export function recordEvents(socket: { onAny(listener: (event: string, ...args: unknown[]) => void): unknown }): { events: { name: string; payload: any }[] } {
  const recorder = { events: [] as { name: string; payload: any }[] };
  socket.onAny((name, payload) => recorder.events.push({ name, payload }));
  return recorder;
}
