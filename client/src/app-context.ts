import { getContext } from 'svelte';
import type { Session } from './auth/session.svelte';
import type { Catalog } from './composer/catalog.svelte';
import type { CareApi } from './lib/api';
import type { LiveConnection } from './lib/realtime';
import type { Router } from './lib/router';
import type { PatientsList } from './patients/patients-list.svelte';
import type { Inbox } from './inbox/inbox.svelte';
import type { Notifications } from './notifications/notifications.svelte';
import type { Toasts } from './lib/ui/toasts.svelte';

/** The app-wide services, built once in main.ts and handed to the component tree as context. */
export interface AppContext {
  api: CareApi;
  session: Session;
  router: Router;
  live: LiveConnection;
  catalog: Catalog;
  patients: PatientsList;
  // Part A: Communication Center, bell, toasts.
  inbox: Inbox;
  notifications: Notifications;
  toasts: Toasts;
}

export const APP_CONTEXT_KEY = Symbol('app');

export function getApp(): AppContext {
  const app = getContext<AppContext | undefined>(APP_CONTEXT_KEY);
  if (!app) throw new Error('getApp() called outside the app component tree');
  return app;
}
