import { SESSION_KEY, SessionStore, parseSession } from './session-store';

class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

const user = { id: 'u1', email: 'nurse@demo.test', name: 'Nina Nurse', role: 'member' as const, organizationId: 'o1', teamIds: ['t1'] };

describe('SessionStore', () => {
  it('round-trips the session under one key', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage);
    store.write({ accessToken: 'tok', user });
    expect(storage.data.has(SESSION_KEY)).toBe(true);
    expect(store.read()).toEqual({ accessToken: 'tok', user });
    store.clear();
    expect(store.read()).toBeNull();
  });

  it('reads anything odd as logged out', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession('not json')).toBeNull();
    expect(parseSession('{"accessToken":""}')).toBeNull();
    expect(parseSession(JSON.stringify({ accessToken: 'tok' }))).toBeNull();
  });

  it('survives a storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    const store = new SessionStore(throwing);
    expect(() => store.write({ accessToken: 'tok', user })).not.toThrow();
    expect(store.read()).toBeNull();
  });
});
