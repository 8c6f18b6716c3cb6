import { mount } from 'svelte';
import App from './App.svelte';
import { APP_CONTEXT_KEY, type AppContext } from './app-context';
import { SessionStore } from './auth/session-store';
import { Session } from './auth/session.svelte';
import { Catalog } from './composer/catalog.svelte';
import { CareApi, HttpClient } from './lib/api';
import { LiveConnection, socketTransport } from './lib/realtime';
import { Router } from './lib/router';
import { PatientsList } from './patients/patients-list.svelte';
import { Inbox } from './inbox/inbox.svelte';
import { Notifications } from './notifications/notifications.svelte';
import { Toasts } from './lib/ui/toasts.svelte';
import './app.css';

const session = new Session(new SessionStore(window.localStorage));
const http = new HttpClient({
  fetch: (input, init) => window.fetch(input, init),
  getToken: () => session.token,
  onUnauthorized: () => session.logout('Your session has ended. Please log in again.'),
  onRefreshedToken: (token) => session.replaceToken(token),
});
const api = new CareApi(http);
const live = new LiveConnection({
  createTransport: socketTransport({ url: window.location.origin, getToken: () => session.token }),
  onAuthError: () => session.logout('Your session has ended. Please log in again.'),
  reportError: (error) => console.error('Live update handler failed', error),
});

const toasts = new Toasts();

const app: AppContext = {
  api,
  session,
  router: new Router(),
  live,
  catalog: new Catalog(api),
  patients: new PatientsList(api),
  inbox: new Inbox({ api, toasts, myId: () => session.user?.id ?? null }),
  notifications: new Notifications(api, toasts),
  toasts,
};

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

export default mount(App, { target, context: new Map([[APP_CONTEXT_KEY, app]]) });
