import { matchPath } from './lib/router/match';

/** Every screen of the app, resolved from a pathname. */
export type Route =
  | { name: 'login' }
  /** The Communication Center (home), optionally with one conversation open. */
  | { name: 'inbox'; conversationId: string | null }
  | { name: 'patients' }
  | { name: 'thread'; patientId: string }
  // Part B: profile, unrecognized senders, supervisor dashboard, admin, demo mode.
  | { name: 'profile'; patientId: string }
  | { name: 'unrecognized' }
  | { name: 'supervisor' }
  | { name: 'admin'; section: AdminSection }
  | { name: 'demo' }
  | { name: 'not-found' };

export const ADMIN_SECTIONS = ['lines', 'templates', 'users', 'organization'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export function resolveRoute(pathname: string): Route {
  if (matchPath('/login', pathname)) return { name: 'login' };
  if (matchPath('/', pathname)) return { name: 'inbox', conversationId: null };
  const inbox = matchPath('/inbox/:id', pathname);
  if (inbox?.['id']) return { name: 'inbox', conversationId: inbox['id'] };
  if (matchPath('/inbox', pathname)) return { name: 'inbox', conversationId: null };
  if (matchPath('/patients', pathname)) return { name: 'patients' };
  const thread = matchPath('/patients/:id', pathname);
  if (thread?.['id']) return { name: 'thread', patientId: thread['id'] };
  const profile = matchPath('/patients/:id/profile', pathname);
  if (profile?.['id']) return { name: 'profile', patientId: profile['id'] };
  if (matchPath('/unrecognized', pathname)) return { name: 'unrecognized' };
  if (matchPath('/supervisor', pathname)) return { name: 'supervisor' };
  if (matchPath('/admin', pathname)) return { name: 'admin', section: 'lines' };
  const admin = matchPath('/admin/:section', pathname);
  if (admin && (ADMIN_SECTIONS as readonly string[]).includes(admin['section'] ?? '')) return { name: 'admin', section: admin['section'] as AdminSection };
  if (matchPath('/demo', pathname)) return { name: 'demo' };
  return { name: 'not-found' };
}

export const paths = {
  login: (returnTo?: string): string => (returnTo && returnTo !== '/' ? `/login?next=${encodeURIComponent(returnTo)}` : '/login'),
  patients: (): string => '/patients',
  /** The Communication Center, with a conversation open when given (keeps `?line=`). */
  inbox: (conversationId?: string | null, lineId?: string | null): string =>
    `${conversationId ? `/inbox/${encodeURIComponent(conversationId)}` : '/'}${lineId ? `?line=${encodeURIComponent(lineId)}` : ''}`,
  thread: (patientId: string): string => `/patients/${encodeURIComponent(patientId)}`,
  profile: (patientId: string): string => `/patients/${encodeURIComponent(patientId)}/profile`,
  unrecognized: (): string => '/unrecognized',
  supervisor: (): string => '/supervisor',
  admin: (section: AdminSection = 'lines'): string => `/admin/${section}`,
  demo: (): string => '/demo',
  /** The Communication Center showing one line's inbox (the supervisor dashboard's drill-down). */
  lineInbox: (lineId: string): string => paths.inbox(null, lineId),
};
