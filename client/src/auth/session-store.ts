import type { UserDto } from '@care/shared';

export interface StoredSession {
  accessToken: string;
  user: UserDto;
}

/** The localStorage key; shared by every tab so they share one session. */
export const SESSION_KEY = 'care.session';

/** Reads and writes the session in an injected Storage (localStorage in the app, a fake in tests). */
export class SessionStore {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
    this.#storage = storage;
  }

  read(): StoredSession | null {
    return parseSession(safe(() => this.#storage.getItem(SESSION_KEY)) ?? null);
  }

  write(session: StoredSession): void {
    safe(() => this.#storage.setItem(SESSION_KEY, JSON.stringify(session)));
  }

  clear(): void {
    safe(() => this.#storage.removeItem(SESSION_KEY));
  }
}

/** Anything stored that does not look like a session (old format, hand-edited) counts as logged out. */
export function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession> | null;
    if (!value || typeof value.accessToken !== 'string' || !value.accessToken) return null;
    const user = value.user;
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return null;
    return { accessToken: value.accessToken, user };
  } catch {
    return null;
  }
}

/** Storage can throw (private mode, quota); the app then keeps the session in memory only. */
function safe<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
