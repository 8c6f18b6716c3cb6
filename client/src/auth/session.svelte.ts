import type { LoginResponse, UserDto } from '@care/shared';
import type { CareApi } from '../lib/api';
import { SESSION_KEY, parseSession, type SessionStore } from './session-store';

/** Who is logged in. One per app; other tabs follow through the `storage` event. */
export class Session {
  #token = $state<string | null>(null);
  #user = $state<UserDto | null>(null);
  #notice = $state<string | null>(null);
  readonly #store: SessionStore;

  constructor(store: SessionStore) {
    this.#store = store;
    const saved = store.read();
    this.#token = saved?.accessToken ?? null;
    this.#user = saved?.user ?? null;
  }

  get token(): string | null {
    return this.#token;
  }

  get user(): UserDto | null {
    return this.#user;
  }

  /** Why the user was logged out without asking (shown on the login page). */
  get notice(): string | null {
    return this.#notice;
  }

  get isLoggedIn(): boolean {
    return this.#token !== null && this.#user !== null;
  }

  async login(api: CareApi, email: string, password: string): Promise<void> {
    const response: LoginResponse = await api.login({ email: email.trim(), password });
    this.#store.write({ accessToken: response.accessToken, user: response.user });
    this.#token = response.accessToken;
    this.#user = response.user;
    this.#notice = null;
  }

  /** The server slid the session: keep working with the new token (and share it with other tabs). */
  replaceToken(token: string): void {
    if (!this.isLoggedIn || !this.#user) return;
    this.#store.write({ accessToken: token, user: this.#user });
    this.#token = token;
  }

  /** `notice` explains a logout the user did not ask for, e.g. an expired session. */
  logout(notice: string | null = null): void {
    if (!this.isLoggedIn) return;
    this.#store.clear();
    this.#token = null;
    this.#user = null;
    this.#notice = notice;
  }

  /** Keeps this tab in step when another tab logs in or out. Returns a stop function. */
  followOtherTabs(): () => void {
    const onStorage = (event: StorageEvent): void => {
      if (event.key !== SESSION_KEY && event.key !== null) return;
      const saved = parseSession(event.newValue);
      this.#token = saved?.accessToken ?? null;
      this.#user = saved?.user ?? null;
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }
}
