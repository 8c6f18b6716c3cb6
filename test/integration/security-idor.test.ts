import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MediaUrlSigner } from '../../server/src/attachments/media-url-signer';
import { startTestStack, type TestStack } from '../support/test-stack';
import { fakeMessageSid, inboundParams, postTwilioWebhook } from '../support/twilio-webhook';
import { ask, DEMO, EventLog, textLine } from '../support/realtime';
import { waitFor } from '../support/wait';

/** A 1×1 PNG, served where "Twilio" keeps an MMS attachment. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Routes that take no id in their path. Adding a route means deciding here: either it names a
 * resource (then it gets probes in `sweep()` below) or it does not (then it is listed here, after
 * checking that nothing in its query or body can reach another team's data — and if something
 * can, add a probe for that too, as for `GET /api/inbox?lineId=`).
 */
const ROUTES_WITHOUT_IDS = new Set([
  'POST /api/auth/login',
  'GET /api/auth/me',
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /metrics',
  'POST /webhooks/twilio/inbound',
  'POST /webhooks/twilio/status',
  'GET /api/patients',
  'GET /api/lines',
  'GET /api/templates',
  'GET /api/teams',
  'GET /api/users',
  'GET /api/inbox',
  'GET /api/inbox/summary',
  'GET /api/notifications',
  'POST /api/notifications/read-all',
  'GET /api/unrecognized',
  // Answers the id of a new upload; it takes none.
  'POST /api/attachments',
  'GET /api/demo/status',
  'POST /api/demo/inbound',
  'GET /api/demo/messages',
  'GET /api/admin/users',
  'GET /api/admin/lines',
  'POST /api/admin/lines',
  'GET /api/admin/templates',
  'POST /api/admin/templates',
  'GET /api/admin/organization',
  'PATCH /api/admin/organization',
]);

/** Every HTTP route Nest registered, as `METHOD /path/:param`, read from the controllers' metadata. */
function registeredRoutes(stack: TestStack): string[] {
  const discovery = stack.app.get(DiscoveryService, { strict: false });
  const scanner = new MetadataScanner();
  const routes = new Set<string>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller?.prototype) continue;
    const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      for (const prefix of prefixes) {
        for (const path of [paths].flat()) {
          const full = `/${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
          routes.add(`${RequestMethod[method]} ${full}`);
        }
      }
    }
  }
  return [...routes].sort();
}

interface Probe {
  /** The concrete request, ids filled in. */
  method: string;
  path: string;
  body?: unknown;
  /** When this probe is refused differently from the route's other probes. */
  refused?: number;
}

interface RouteSweep {
  /** What the Diabetes coach gets: 404 (another team's resource) or 403 (a role they lack). */
  refused: 404 | 403;
  probes: Probe[];
  /** The same resource for someone entitled to it, run after the sweep: proves the ids were real. */
  owner: { as: 'nurse' | 'admin'; probe: Probe; status: number };
}

describe('security: IDOR sweep across teams on every route that takes an id', () => {
  let stack: TestStack;
  let media: Server;
  let tokens: { nurse: string; coach: string; admin: string };
  let ids: Record<string, string>;
  let sweep: Record<string, RouteSweep>;

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => (stack.app.get(MikroORM).em.fork() as EntityManager).getConnection().execute<T[]>(query, params);

  /** A fingerprint of every application table (the audit log aside: reading is audited by design). */
  async function snapshot(): Promise<Record<string, string>> {
    const tables = await sql<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' and tablename not in ('audit_log', 'mikro_orm_migrations') order by 1`);
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await sql<{ digest: string; count: string }>(`select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest, count(*) as count from "${name}" t`);
      out[name] = `${row!.count}:${row!.digest}`;
    }
    return out;
  }

  async function settled(): Promise<Record<string, string>> {
    let previous = await snapshot();
    return waitFor(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const current = await snapshot();
        const same = JSON.stringify(current) === JSON.stringify(previous);
        previous = current;
        return same ? current : undefined;
      },
      { what: 'the database to settle', timeoutMs: 20_000, intervalMs: 0 },
    );
  }

  beforeAll(async () => {
    media = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
      response.end(PNG);
    });
    await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
    stack = await startTestStack({ env: { RECONCILE_INTERVAL_SECONDS: '0', OUTBOUND_POLL_MS: '50' } });
    const [nurse, coach, admin] = await Promise.all(['nurse@demo.test', 'coach@demo.test', 'admin@demo.test'].map((email) => stack.login(email)));
    tokens = { nurse: nurse!.accessToken, coach: coach!.accessToken, admin: admin!.accessToken };
    await stack.request('PATCH', '/api/admin/organization', { token: tokens.admin, body: { quietHoursStart: '00:00', quietHoursEnd: '00:00' } });

    const all = (await stack.request('GET', '/api/patients', { token: tokens.admin })).body.items as { id: string; name: string; phones: { id: string; number: string; type: string }[] }[];
    const maria = all.find((p) => p.name === 'Maria Alvarez')!;
    const aisha = all.find((p) => p.name === 'Aisha Rahman')!;
    const lines = (await stack.request('GET', '/api/admin/lines', { token: tokens.admin })).body.items as { id: string; number: string }[];
    const templates = (await stack.request('GET', '/api/admin/templates', { token: tokens.admin })).body.items as { id: string; name: string }[];
    const teams = (await stack.request('GET', '/api/teams', { token: tokens.admin })).body.items as { id: string; name: string }[];

    // Cardiology data of every kind: an MMS from Maria (media, notification), a scheduled reply,
    // unrecognized senders on the Cardiology line.
    const mmsSid = fakeMessageSid('MM');
    const mms = inboundParams({ from: DEMO.maria, to: DEMO.cardiologyLine, body: 'photo of my ankle', sid: mmsSid });
    Object.assign(mms, { NumMedia: '1', MediaUrl0: `http://127.0.0.1:${(media.address() as AddressInfo).port}/Media/ME1`, MediaContentType0: 'image/png' });
    expect((await postTwilioWebhook(stack, '/webhooks/twilio/inbound', mms)).status).toBe(200);
    const unknown = ['+16175550901', '+16175550902', '+16175550903'];
    for (const number of unknown) await textLine(stack, number, DEMO.cardiologyLine, 'who is this');
    const history = (await stack.request('GET', `/api/patients/${maria.id}/messages`, { token: tokens.nurse })).body.items as { id: string; twilioSid: string; conversationId: string }[];
    const inbound = history.find((m) => m.twilioSid === mmsSid)!;
    const scheduled = await stack.request('POST', `/api/patients/${maria.id}/messages`, {
      token: tokens.nurse,
      body: { body: 'See you next month', clientMessageId: randomUUID(), sendAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(scheduled.status).toBe(202);
    // Files the nurse uploaded: one still unsent (only she may see it), one sent to Maria.
    const upload = async (): Promise<string> => {
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
      const response = await fetch(`${stack.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens.nurse}` }, body: form });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const [unsentUpload, sentUpload] = [await upload(), await upload()];
    const withFile = await stack.request('POST', `/api/patients/${maria.id}/messages`, { token: tokens.nurse, body: { body: 'Your scan', clientMessageId: randomUUID(), attachmentIds: [sentUpload] } });
    expect(withFile.status).toBe(202);
    const signedPath = (id: string): string => {
      const url = new URL(stack.app.get(MediaUrlSigner).url(id, 600));
      return url.pathname + url.search;
    };
    const notification = await waitFor(async () => (await stack.request('GET', '/api/notifications', { token: tokens.nurse })).body.items[0] as { id: string } | undefined, { what: "the nurse's notification" });
    const unrecognized = await waitFor(async () => {
      const items = (await stack.request('GET', '/api/unrecognized', { token: tokens.nurse })).body.items as { id: string; phoneNumber?: string; externalNumber?: string }[];
      return items.length >= 3 ? items.map((item) => item.id) : undefined;
    }, { what: 'three unrecognized conversations' });

    ids = {
      maria: maria.id,
      mariaMobile: maria.phones.find((p) => p.type === 'mobile')!.id,
      mariaLandline: maria.phones.find((p) => p.type === 'landline')!.id,
      aisha: aisha.id,
      inboundMessage: inbound.id,
      scheduledMessage: scheduled.body.id,
      conversation: inbound.conversationId,
      notification: notification.id,
      unrecognizedMatch: unrecognized[0]!,
      unrecognizedCreate: unrecognized[1]!,
      unrecognizedArchive: unrecognized[2]!,
      nurseUser: nurse!.user.id,
      coachUser: coach!.user.id,
      cardiologyLine: lines.find((l) => l.number === DEMO.cardiologyLine)!.id,
      diabetesLine: lines.find((l) => l.number === DEMO.diabetesLine)!.id,
      cardiologyTemplate: templates.find((t) => t.name === 'Blood pressure log')!.id,
      cardiologyTeam: teams.find((t) => t.name === 'Cardiology')!.id,
      diabetesTeam: teams.find((t) => t.name === 'Diabetes')!.id,
      unsentUpload,
      sentUpload,
    };

    const get = (path: string): Probe => ({ method: 'GET', path });
    const post = (path: string, body?: unknown): Probe => ({ method: 'POST', path, body });
    sweep = {
      'GET /api/patients/:id': { refused: 404, probes: [get(`/api/patients/${ids.maria}`)], owner: { as: 'nurse', probe: get(`/api/patients/${ids.maria}`), status: 200 } },
      'GET /api/patients/:patientId/messages': {
        refused: 404,
        probes: [get(`/api/patients/${ids.maria}/messages`), get(`/api/patients/${ids.maria}/messages?limit=1`)],
        owner: { as: 'nurse', probe: get(`/api/patients/${ids.maria}/messages`), status: 200 },
      },
      'POST /api/patients/:patientId/messages': {
        refused: 404,
        probes: [
          post(`/api/patients/${ids.maria}/messages`, { body: 'IDOR send', clientMessageId: randomUUID() }),
          post(`/api/patients/${ids.maria}/messages`, { body: 'IDOR send', clientMessageId: randomUUID(), phoneId: ids.mariaMobile, lineId: ids.diabetesLine }),
          // Their own patient, but another team's line, phone or template.
          post(`/api/patients/${ids.aisha}/messages`, { body: 'IDOR line', clientMessageId: randomUUID(), lineId: ids.cardiologyLine }),
          post(`/api/patients/${ids.aisha}/messages`, { body: 'IDOR phone', clientMessageId: randomUUID(), phoneId: ids.mariaMobile }),
          post(`/api/patients/${ids.aisha}/messages`, { clientMessageId: randomUUID(), templateId: ids.cardiologyTemplate }),
          post(`/api/patients/${ids.aisha}/messages`, { body: 'IDOR file', clientMessageId: randomUUID(), attachmentIds: [ids.unsentUpload] }),
        ],
        owner: { as: 'nurse', probe: post(`/api/patients/${ids.maria}/messages`, { body: 'Owner send', clientMessageId: randomUUID() }), status: 202 },
      },
      'GET /api/patients/:patientId/consent': { refused: 404, probes: [get(`/api/patients/${ids.maria}/consent`)], owner: { as: 'nurse', probe: get(`/api/patients/${ids.maria}/consent`), status: 200 } },
      'POST /api/patients/:patientId/phones/:phoneId/opt-out': {
        refused: 404,
        probes: [
          post(`/api/patients/${ids.maria}/phones/${ids.mariaMobile}/opt-out`, { reason: 'IDOR' }),
          post(`/api/patients/${ids.aisha}/phones/${ids.mariaMobile}/opt-out`, { reason: 'IDOR via own patient' }),
        ],
        owner: { as: 'nurse', probe: post(`/api/patients/${ids.maria}/phones/${ids.mariaLandline}/opt-out`, { reason: 'Asked by phone' }), status: 201 },
      },
      'POST /api/patients/:patientId/phones/:phoneId/mark-landline': {
        refused: 404,
        probes: [post(`/api/patients/${ids.maria}/phones/${ids.mariaMobile}/mark-landline`), post(`/api/patients/${ids.aisha}/phones/${ids.mariaMobile}/mark-landline`)],
        owner: { as: 'nurse', probe: post(`/api/patients/${ids.maria}/phones/${ids.mariaLandline}/mark-landline`), status: 200 },
      },
      'GET /api/messages/:messageId/media/:index': {
        refused: 404,
        probes: [get(`/api/messages/${ids.inboundMessage}/media/0`), get(`/api/messages/${ids.inboundMessage}/media/1`)],
        owner: { as: 'nurse', probe: get(`/api/messages/${ids.inboundMessage}/media/0`), status: 200 },
      },
      'POST /api/messages/:messageId/cancel': {
        refused: 404,
        probes: [post(`/api/messages/${ids.scheduledMessage}/cancel`), post(`/api/messages/${ids.inboundMessage}/cancel`)],
        owner: { as: 'nurse', probe: post(`/api/messages/${ids.scheduledMessage}/cancel`), status: 200 },
      },
      'GET /api/attachments/:attachmentId': {
        refused: 404,
        probes: [get(`/api/attachments/${ids.unsentUpload}`), get(`/api/attachments/${ids.sentUpload}`)],
        owner: { as: 'nurse', probe: get(`/api/attachments/${ids.sentUpload}`), status: 200 },
      },
      // Twilio's way in: no bearer token, a signature over id and expiry instead.
      'GET /media/:attachmentId': {
        refused: 403,
        probes: [
          get(`/media/${ids.sentUpload}`),
          get(signedPath(ids.unsentUpload).replace(ids.unsentUpload, ids.sentUpload)),
          { ...get(signedPath(ids.unsentUpload)), refused: 404 },
        ],
        owner: { as: 'nurse', probe: get(signedPath(ids.sentUpload)), status: 200 },
      },
      'GET /api/conversations/:id': { refused: 404, probes: [get(`/api/conversations/${ids.conversation}`)], owner: { as: 'nurse', probe: get(`/api/conversations/${ids.conversation}`), status: 200 } },
      'POST /api/conversations/:id/assign': {
        refused: 404,
        probes: [post(`/api/conversations/${ids.conversation}/assign`, { userId: ids.coachUser }), post(`/api/conversations/${ids.conversation}/assign`, { userId: null })],
        owner: { as: 'nurse', probe: post(`/api/conversations/${ids.conversation}/assign`, { userId: ids.nurseUser }), status: 200 },
      },
      'POST /api/conversations/:id/close': { refused: 404, probes: [post(`/api/conversations/${ids.conversation}/close`)], owner: { as: 'nurse', probe: post(`/api/conversations/${ids.conversation}/close`), status: 200 } },
      'POST /api/conversations/:id/reopen': { refused: 404, probes: [post(`/api/conversations/${ids.conversation}/reopen`)], owner: { as: 'nurse', probe: post(`/api/conversations/${ids.conversation}/reopen`), status: 200 } },
      'POST /api/conversations/:id/read': { refused: 404, probes: [post(`/api/conversations/${ids.conversation}/read`)], owner: { as: 'nurse', probe: post(`/api/conversations/${ids.conversation}/read`), status: 200 } },
      'POST /api/notifications/:id/read': { refused: 404, probes: [post(`/api/notifications/${ids.notification}/read`)], owner: { as: 'nurse', probe: post(`/api/notifications/${ids.notification}/read`), status: 200 } },
      'POST /api/unrecognized/:conversationId/match': {
        refused: 404,
        probes: [
          post(`/api/unrecognized/${ids.unrecognizedMatch}/match`, { patientId: ids.aisha }),
          post(`/api/unrecognized/${ids.unrecognizedMatch}/match`, { patientId: ids.maria }),
        ],
        owner: { as: 'nurse', probe: post(`/api/unrecognized/${ids.unrecognizedMatch}/match`, { patientId: ids.maria }), status: 200 },
      },
      'POST /api/unrecognized/:conversationId/create-patient': {
        refused: 404,
        probes: [post(`/api/unrecognized/${ids.unrecognizedCreate}/create-patient`, { name: 'Mallory', teamId: ids.diabetesTeam })],
        owner: { as: 'nurse', probe: post(`/api/unrecognized/${ids.unrecognizedCreate}/create-patient`, { name: 'New Patient', teamId: ids.cardiologyTeam }), status: 201 },
      },
      'POST /api/unrecognized/:conversationId/archive': {
        refused: 404,
        probes: [post(`/api/unrecognized/${ids.unrecognizedArchive}/archive`)],
        owner: { as: 'nurse', probe: post(`/api/unrecognized/${ids.unrecognizedArchive}/archive`), status: 200 },
      },
      'PUT /api/admin/users/:id/teams': {
        refused: 403,
        probes: [
          { method: 'PUT', path: `/api/admin/users/${ids.nurseUser}/teams`, body: { teamIds: [ids.diabetesTeam] } },
          { method: 'PUT', path: `/api/admin/users/${ids.coachUser}/teams`, body: { teamIds: [ids.diabetesTeam, ids.cardiologyTeam] } },
        ],
        owner: { as: 'admin', probe: { method: 'PUT', path: `/api/admin/users/${ids.nurseUser}/teams`, body: { teamIds: [ids.cardiologyTeam] } }, status: 200 },
      },
      'POST /api/admin/users/:id/disable': { refused: 403, probes: [post(`/api/admin/users/${ids.nurseUser}/disable`)], owner: { as: 'admin', probe: post(`/api/admin/users/${ids.nurseUser}/disable`), status: 200 } },
      'POST /api/admin/users/:id/enable': { refused: 403, probes: [post(`/api/admin/users/${ids.nurseUser}/enable`)], owner: { as: 'admin', probe: post(`/api/admin/users/${ids.nurseUser}/enable`), status: 200 } },
      'PATCH /api/admin/lines/:id': {
        refused: 403,
        probes: [{ method: 'PATCH', path: `/api/admin/lines/${ids.cardiologyLine}`, body: { teamId: ids.diabetesTeam } }],
        owner: { as: 'admin', probe: { method: 'PATCH', path: `/api/admin/lines/${ids.cardiologyLine}`, body: { name: 'Cardiology line' } }, status: 200 },
      },
      'DELETE /api/admin/lines/:id': {
        refused: 403,
        probes: [{ method: 'DELETE', path: `/api/admin/lines/${ids.cardiologyLine}` }],
        // It has conversations: even an admin cannot delete it (but gets past the role check).
        owner: { as: 'admin', probe: { method: 'DELETE', path: `/api/admin/lines/${ids.cardiologyLine}` }, status: 409 },
      },
      'PATCH /api/admin/templates/:id': {
        refused: 403,
        probes: [{ method: 'PATCH', path: `/api/admin/templates/${ids.cardiologyTemplate}`, body: { body: 'Pwned {{patient.name}}' } }],
        owner: { as: 'admin', probe: { method: 'PATCH', path: `/api/admin/templates/${ids.cardiologyTemplate}`, body: { active: true } }, status: 200 },
      },
      'DELETE /api/admin/templates/:id': {
        refused: 403,
        probes: [{ method: 'DELETE', path: `/api/admin/templates/${ids.cardiologyTemplate}` }],
        owner: { as: 'admin', probe: { method: 'DELETE', path: `/api/admin/templates/${ids.cardiologyTemplate}` }, status: 204 },
      },
    };
  });
  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => media?.close(resolve));
  });

  it('has a sweep entry for every route with a path parameter, and knows every route without one', () => {
    const routes = registeredRoutes(stack);
    expect(routes.length).toBeGreaterThan(30);
    const withIds = routes.filter((route) => route.includes('/:'));
    expect(withIds.filter((route) => !(route in sweep))).toEqual([]);
    expect(routes.filter((route) => !route.includes('/:') && !ROUTES_WITHOUT_IDS.has(route))).toEqual([]);
    // And the sweep does not keep entries for routes that no longer exist.
    expect(Object.keys(sweep).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it("refuses the Diabetes coach every Cardiology resource (404; 403 for admin routes), changes nothing, and audits nothing about them", async () => {
    const coachEvents = new EventLog(await stack.connect(tokens.coach));
    const before = await settled();
    const auditBefore = (await sql<{ count: string }>('select count(*) as count from audit_log'))[0]!.count;

    const answers: { route: string; method: string; path: string; status: number; expected: number }[] = [];
    const call = async (route: string, expected: number, probe: Probe) => {
      const response = await stack.request(probe.method, probe.path, { token: tokens.coach, ...(probe.body !== undefined ? { body: probe.body } : {}) });
      answers.push({ route, method: probe.method, path: probe.path, status: response.status, expected });
      if (expected === 404 && response.status === 404) expect(JSON.stringify(response.body)).not.toMatch(/Maria|Alvarez|\+1617555011/);
    };
    for (const [route, entry] of Object.entries(sweep)) for (const probe of entry.probes) await call(route, probe.refused ?? entry.refused, probe);

    // Routes without a path id that still take ids or numbers in the query or body.
    await call('GET /api/inbox', 404, { method: 'GET', path: `/api/inbox?lineId=${ids.cardiologyLine}` });
    await call('GET /api/unrecognized', 404, { method: 'GET', path: `/api/unrecognized?lineId=${ids.cardiologyLine}` });
    await call('GET /api/demo/messages', 404, { method: 'GET', path: `/api/demo/messages?number=${encodeURIComponent(DEMO.maria)}` });
    await call('POST /api/demo/inbound', 404, { method: 'POST', path: '/api/demo/inbound', body: { from: DEMO.maria, to: DEMO.diabetesLine, body: 'as Maria' } });
    await call('POST /api/demo/inbound', 404, { method: 'POST', path: '/api/demo/inbound', body: { from: DEMO.aisha, to: DEMO.cardiologyLine, body: 'to their line' } });
    // Admin routes without ids: the role decides.
    for (const probe of [
      { method: 'GET', path: '/api/admin/users' },
      { method: 'GET', path: '/api/admin/lines' },
      { method: 'POST', path: '/api/admin/lines', body: { name: 'Rogue line', number: '+16175550999' } },
      { method: 'GET', path: '/api/admin/templates' },
      { method: 'POST', path: '/api/admin/templates', body: { name: 'Rogue', body: 'Hello' } },
      { method: 'GET', path: '/api/admin/organization' },
      { method: 'PATCH', path: '/api/admin/organization', body: { name: 'Rogue organisation' } },
      { method: 'GET', path: '/api/users' },
    ]) {
      await call(`${probe.method} ${probe.path}`, 403, probe);
    }
    expect(answers.filter((answer) => answer.status !== answer.expected)).toEqual([]);

    // Lists never show Cardiology data to the coach either.
    const coachLists = await Promise.all(
      ['/api/patients', '/api/patients?search=Maria', '/api/inbox', '/api/inbox?filter=closed', '/api/unrecognized', '/api/notifications', '/api/lines', '/api/templates?search=blood'].map(
        async (path) => ({ path, body: JSON.stringify((await stack.request('GET', path, { token: tokens.coach })).body) }),
      ),
    );
    expect(coachLists.filter((list) => /Maria|Alvarez|\+16175550111|\+1617555090|Blood pressure|Cardiology line/.test(list.body))).toEqual([]);

    // Sockets: the coach cannot watch Maria's thread.
    const socket = await stack.connect(tokens.coach);
    const watch = await ask(socket, 'thread:watch', { patientId: ids.maria });
    expect(watch.ok).toBe(false);

    // Nothing changed anywhere, and no audit entry of the coach names a Cardiology patient.
    expect(await settled()).toEqual(before);
    const coachAudits = await sql<{ action: string }>(`select action from audit_log where user_id = ? and (patient_id = ? or details::text like ?)`, [
      ids.coachUser,
      ids.maria,
      `%${ids.maria}%`,
    ]);
    expect(coachAudits).toEqual([]);
    expect(Number((await sql<{ count: string }>('select count(*) as count from audit_log'))[0]!.count)).toBeGreaterThanOrEqual(Number(auditBefore));
    expect(coachEvents.of('message:new').concat(coachEvents.of('inbox:updated'), coachEvents.of('consent:changed'))).toEqual([]);
  });

  it('gives the same requests to someone entitled to them (the ids were real)', async () => {
    const answers: { route: string; status: number; expected: number }[] = [];
    for (const [route, entry] of Object.entries(sweep)) {
      const { probe, as, status } = entry.owner;
      const response = await stack.request(probe.method, probe.path, { token: tokens[as], ...(probe.body !== undefined ? { body: probe.body } : {}) });
      answers.push({ route, status: response.status, expected: status });
    }
    expect(answers.filter((answer) => answer.status !== answer.expected)).toEqual([]);
  });
});
