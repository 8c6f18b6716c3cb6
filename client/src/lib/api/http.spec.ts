import { ApiError } from './api-error';
import { CareApi, asPage } from './endpoints';
import { HttpClient, buildUrl } from './http';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(responses: Array<{ status: number; body?: unknown; statusText?: string }>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const queue = [...responses];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = queue.shift() ?? { status: 200, body: {} };
    const text = next.body === undefined ? '' : typeof next.body === 'string' ? next.body : JSON.stringify(next.body);
    return {
      ok: next.status >= 200 && next.status < 300,
      status: next.status,
      statusText: next.statusText ?? '',
      text: async () => text,
    } as Response;
  }) as unknown as typeof fetch;
  return { fetch: fetchImpl, calls };
}

const headersOf = (call: Call | undefined): Record<string, string> => (call?.init.headers ?? {}) as Record<string, string>;

describe('HttpClient', () => {
  it('sends JSON with the bearer token under /api', async () => {
    const { fetch, calls } = fakeFetch([{ status: 202, body: { id: 'm1' } }]);
    const http = new HttpClient({ fetch, getToken: () => 'tok' });
    await expect(http.post('/patients/p1/messages', { body: 'hi' })).resolves.toEqual({ id: 'm1' });
    expect(calls[0]?.url).toBe('/api/patients/p1/messages');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{"body":"hi"}');
    expect(headersOf(calls[0])['Authorization']).toBe('Bearer tok');
    expect(headersOf(calls[0])['Content-Type']).toBe('application/json');
  });

  it('leaves the token off when asked (login)', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: {} }]);
    await new HttpClient({ fetch, getToken: () => 'tok' }).post('/auth/login', {}, { auth: false });
    expect(headersOf(calls[0])['Authorization']).toBeUndefined();
  });

  it('throws a typed ApiError with the server message and reports 401s', async () => {
    const { fetch } = fakeFetch([{ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Token expired' } }]);
    const onUnauthorized = jest.fn();
    const http = new HttpClient({ fetch, getToken: () => 'tok', onUnauthorized });
    const error = await http.get('/patients').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Token expired');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not treat a failed login as an expired session', async () => {
    const { fetch } = fakeFetch([{ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' } }]);
    const onUnauthorized = jest.fn();
    const api = new CareApi(new HttpClient({ fetch, getToken: () => null, onUnauthorized }));
    await expect(api.login({ email: 'a@b.test', password: 'x' })).rejects.toThrow('Invalid email or password');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('turns a network failure into ApiError status 0', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const error = await new HttpClient({ fetch: fetchImpl, getToken: () => null }).get('/health').catch((caught: unknown) => caught);
    expect((error as ApiError).status).toBe(0);
  });

  it('rethrows aborts untouched', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const fetchImpl = (async () => {
      throw abort;
    }) as unknown as typeof fetch;
    await expect(new HttpClient({ fetch: fetchImpl, getToken: () => null }).get('/x')).rejects.toBe(abort);
  });
});

describe('CareApi', () => {
  it('builds the documented paths and query strings', async () => {
    const { fetch, calls } = fakeFetch([
      { status: 200, body: { items: [], nextCursor: null } },
      { status: 200, body: { items: [], nextCursor: 'c2' } },
      { status: 200, body: { items: [{ id: 'l1' }], nextCursor: null } },
      { status: 200, body: [{ id: 't1' }] },
    ]);
    const api = new CareApi(new HttpClient({ fetch, getToken: () => 't' }));
    await api.listPatients({ search: '  ada ' });
    const page = await api.listMessages('p/1', { cursor: 'c1', limit: 50 });
    const lines = await api.listLines();
    const templates = await api.listTemplates();
    expect(calls.map((call) => call.url)).toEqual(['/api/patients?search=ada', '/api/patients/p%2F1/messages?cursor=c1&limit=50', '/api/lines', '/api/templates']);
    expect(page.nextCursor).toBe('c2');
    expect(lines).toEqual([{ id: 'l1' }]);
    expect(templates).toEqual([{ id: 't1' }]);
  });
});

describe('media downloads', () => {
  it('fetches a message attachment by its proxy path with the bearer token', async () => {
    const calls: Call[] = [];
    const blob = new Blob(['png'], { type: 'image/png' });
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return { ok: true, status: 200, statusText: 'OK', blob: async () => blob } as unknown as Response;
    }) as unknown as typeof fetch;
    const api = new CareApi(new HttpClient({ fetch: fetchImpl, getToken: () => 'tok' }));
    await expect(api.mediaBlob('/api/messages/m1/media/0')).resolves.toBe(blob);
    expect(calls[0]?.url).toBe('/api/messages/m1/media/0');
    expect(headersOf(calls[0])['Authorization']).toBe('Bearer tok');
  });

  it('reports a refused attachment as an ApiError', async () => {
    const { fetch } = fakeFetch([{ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Media not found' } }]);
    const api = new CareApi(new HttpClient({ fetch, getToken: () => 'tok' }));
    await expect(api.mediaBlob('/api/messages/m1/media/3')).rejects.toMatchObject({ status: 404, message: 'Media not found' });
  });
});

describe('buildUrl / asPage', () => {
  it('skips empty query values', () => {
    expect(buildUrl('/api', '/patients', { search: '', cursor: null, limit: undefined })).toBe('/api/patients');
    expect(buildUrl('/api', '/patients', { search: 'a b&c' })).toBe('/api/patients?search=a+b%26c');
  });

  it('reads a bare array as one complete page', () => {
    expect(asPage([1, 2])).toEqual({ items: [1, 2], nextCursor: null });
    expect(asPage({ items: [1], nextCursor: 'n' })).toEqual({ items: [1], nextCursor: 'n' });
  });
});

describe('sliding sessions', () => {
  it('hands a refreshed token from the server to the session, and only that', async () => {
    const refreshed: string[] = [];
    const fetchStub = (async () =>
      new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json', 'X-Refreshed-Token': 'new-token' } })) as typeof fetch;
    const http = new HttpClient({ fetch: fetchStub, getToken: () => 'old-token', onRefreshedToken: (token) => refreshed.push(token) });
    await http.get('/patients');
    expect(refreshed).toEqual(['new-token']);
    const plain = new HttpClient({ fetch: (async () => new Response('{}', { status: 200 })) as typeof fetch, getToken: () => 't', onRefreshedToken: (token) => refreshed.push(token) });
    await plain.get('/patients');
    expect(refreshed).toEqual(['new-token']);
  });
});
