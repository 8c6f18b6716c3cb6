import { matchPath } from './lib/router/match';

/** Every screen of the app, resolved from a pathname. */
export type Route =
  | { name: 'login' }
  | { name: 'patients' }
  | { name: 'thread'; patientId: string }
  | { name: 'not-found' };

export function resolveRoute(pathname: string): Route {
  if (matchPath('/login', pathname)) return { name: 'login' };
  if (matchPath('/', pathname) || matchPath('/patients', pathname)) return { name: 'patients' };
  const thread = matchPath('/patients/:id', pathname);
  if (thread?.['id']) return { name: 'thread', patientId: thread['id'] };
  return { name: 'not-found' };
}

export const paths = {
  login: (returnTo?: string): string => (returnTo && returnTo !== '/' ? `/login?next=${encodeURIComponent(returnTo)}` : '/login'),
  patients: (): string => '/',
  thread: (patientId: string): string => `/patients/${encodeURIComponent(patientId)}`,
};
