import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/core';
import { loadConfig } from '../../server/src/config/env';
import { TwilioSdkGateway } from '../../server/src/twilio/twilio-sdk.gateway';
import { startTestStack, type TestStack } from '../support/test-stack';
import { simulatorControl } from '../support/simulator-control';
import { recordEvents, waitFor } from '../support/wait';

const CARDIOLOGY_LINE = '+16175550100';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Served {
  path: string;
  headers: IncomingHttpHeaders;
}

/** Stands in for where Twilio keeps media: serves a PNG, an HTML file, a 404, and a redirect. */
async function startMediaHost(): Promise<{ server: Server; origin: string; requests: Served[] }> {
  const requests: Served[] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    const path = request.url ?? '';
    if (path.endsWith('/photo.png') || path.includes('/Media/ME')) {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
      response.end(PNG);
    } else if (path.endsWith('/page.html')) {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<script>alert(1)</script>');
    } else if (path.endsWith('/redirect')) {
      // Twilio redirects media to short-lived storage on another host.
      const port = (server.address() as AddressInfo).port;
      response.writeHead(302, { location: `http://localhost:${port}/storage/photo.png` });
      response.end();
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('inbound MMS: media kept server-side, shown only through an authenticated proxy', () => {
  let stack: TestStack;
  let sim: ReturnType<typeof simulatorControl>;
  let host: Awaited<ReturnType<typeof startMediaHost>>;
  let nurse: string;
  let coach: string;
  let mariaId: string;
  const MARIA = '+16175550111';

  beforeAll(async () => {
    [stack, host] = await Promise.all([startTestStack(), startMediaHost()]);
    sim = simulatorControl(stack.simulator!.url);
    nurse = (await stack.login('nurse@demo.test')).accessToken;
    coach = (await stack.login('coach@demo.test')).accessToken;
    mariaId = (await stack.request('GET', '/api/patients?search=Maria', { token: nurse })).body.items[0].id;
  });
  afterAll(async () => {
    await stack.close();
    await new Promise((resolve) => host.server.close(resolve));
  });

  const fetchMedia = (path: string, token?: string) => fetch(stack.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const textWithMedia = async (body: string, mediaUrls: string[]) => {
    const sent = await sim.inbound({ from: MARIA, to: CARDIOLOGY_LINE, body, mediaUrls });
    expect(sent.body.webhookStatus).toBe(200);
    const thread = (await stack.request('GET', `/api/patients/${mariaId}/messages`, { token: nurse })).body.items as any[];
    return thread.find((message) => message.twilioSid === sent.body.sid);
  };

  it("stores the media's URL and type, shows browsers only our path, and streams the file to the patient's team", async () => {
    const events = recordEvents(await stack.connect(nurse));
    const mediaUrl = `${host.origin}/media/photo.png`;
    const message = await textWithMedia('Here is the rash', [mediaUrl]);
    expect(message).toMatchObject({ channel: 'mms', media: [`/api/messages/${message.id}/media/0`] });
    const pushed = await waitFor(() => events.events.find((e) => e.name === 'message:new' && e.payload.data.id === message.id));
    expect(pushed.payload.data.media).toEqual([`/api/messages/${message.id}/media/0`]);
    // The Twilio URL never reaches a browser, neither over HTTP nor over the socket.
    const thread = await stack.request('GET', `/api/patients/${mariaId}/messages`, { token: nurse });
    expect(JSON.stringify(thread.body)).not.toContain(host.origin);
    expect(JSON.stringify(pushed.payload)).not.toContain(host.origin);
    const [row] = await stack.app.get(MikroORM).em.fork().getConnection().execute('select media, media_content_types from message where id = ?', [message.id]);
    expect(row).toEqual({ media: [mediaUrl], media_content_types: ['image/png'] });

    const response = await fetchMedia(message.media[0], nurse);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    // This host is not Twilio: it never sees the account's credentials.
    expect(host.requests.at(-1)).toMatchObject({ path: '/media/photo.png' });
    expect(host.requests.at(-1)!.headers.authorization).toBeUndefined();

    const audit = await stack.app.get(MikroORM).em.fork().getConnection().execute(`select patient_id, details from audit_log where action = 'message.media-read'`);
    expect(audit).toEqual([{ patient_id: mariaId, details: { messageId: message.id, index: 0 } }]);
  });

  it('answers 401 without a token and 404 to another team, for a missing index or message', async () => {
    const message = await textWithMedia('', [`${host.origin}/media/photo.png`]);
    const before = host.requests.length;
    expect((await fetchMedia(message.media[0])).status).toBe(401);
    const other = await fetchMedia(message.media[0], coach);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ statusCode: 404, message: 'Media not found' });
    expect((await fetchMedia(`/api/messages/${message.id}/media/1`, nurse)).status).toBe(404);
    expect((await fetchMedia(`/api/messages/${message.id}/media/x`, nurse)).status).toBe(404);
    expect((await fetchMedia('/api/messages/00000000-0000-4000-8000-000000000000/media/0', nurse)).status).toBe(404);
    // None of the refused requests reached the media host.
    expect(host.requests.length).toBe(before);
  });

  it('serves anything that is not an image, audio or video as a sandboxed download', async () => {
    const message = await textWithMedia('see page', [`${host.origin}/files/page.html`]);
    const response = await fetchMedia(message.media[0], nurse);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 404 when Twilio no longer has the media and 502 when it cannot be reached', async () => {
    const gone = await textWithMedia('gone', [`${host.origin}/media/deleted.png`]);
    expect((await fetchMedia(gone.media[0], nurse)).status).toBe(404);
    const unreachable = await textWithMedia('unreachable', ['http://127.0.0.1:9/media/photo.png']);
    const response = await fetchMedia(unreachable.media[0], nurse);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ statusCode: 502, message: expect.stringMatching(/could not be fetched/) });
  });
});

describe('TwilioSdkGateway.fetchMedia', () => {
  let host: Awaited<ReturnType<typeof startMediaHost>>;
  beforeAll(async () => {
    host = await startMediaHost();
  });
  afterAll(() => new Promise((resolve) => host.server.close(resolve)));

  const gateway = () =>
    new TwilioSdkGateway(
      loadConfig({
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'media-test-auth-token-0123456789',
        // Twilio's API origin is re-targeted here, as the SDK's requests are.
        TWILIO_API_BASE_URL: host.origin,
      }),
    );

  it("sends the account's Basic auth to Twilio's media URL, and not to the host it redirects to", async () => {
    const twilioUrl = `https://api.twilio.com/2010-04-01/Accounts/AC${'a'.repeat(32)}/Messages/MM${'b'.repeat(32)}/Media/ME${'c'.repeat(32)}`;
    const media = await gateway().fetchMedia(twilioUrl);
    expect(media).toMatchObject({ status: 200, contentType: 'image/png' });
    expect(Buffer.from(await new Response(media.body).arrayBuffer())).toEqual(PNG);
    const request = host.requests.at(-1)!;
    expect(request.path).toBe(new URL(twilioUrl).pathname);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`AC${'a'.repeat(32)}:media-test-auth-token-0123456789`).toString('base64')}`);

    const redirected = await gateway().fetchMedia(`${host.origin}/redirect`);
    expect(redirected.status).toBe(200);
    await redirected.body?.cancel();
    const [first, second] = host.requests.slice(-2);
    expect(first).toMatchObject({ path: '/redirect' });
    expect(first!.headers.authorization).toMatch(/^Basic /);
    expect(second).toMatchObject({ path: '/storage/photo.png' });
    expect(second!.headers.authorization).toBeUndefined();
  });
});
