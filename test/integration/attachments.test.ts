import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MediaUrlSigner } from '../../server/src/attachments/media-url-signer';
import { PasswordHasher } from '../../server/src/auth/password-hasher';
import { Organization } from '../../server/src/organizations/organization.entity';
import { User } from '../../server/src/users/user.entity';
import { solidPng, tinyPdf } from '../support/png';
import { simulatorControl } from '../support/simulator-control';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait';

const MB = 1024 * 1024;

describe('attachments: upload, send as MMS, signed media URLs Twilio fetches without credentials', () => {
  let stack: TestStack;
  let tokens: { nurse: string; coach: string; supervisor: string; stranger: string };
  let patients: { id: string; name: string; phones: { number: string }[] }[];

  beforeAll(async () => {
    stack = await startTestStack();
    // Another organisation with its own user.
    const em = stack.app.get(MikroORM).em.fork() as EntityManager;
    const other = new Organization('Elsewhere Clinic');
    await em.persistAndFlush([other, new User(other, 'stranger@elsewhere.test', 'Stella Stranger', 'admin', await new PasswordHasher().hash('demo-password'))]);
    tokens = {
      nurse: (await stack.login('nurse@demo.test')).accessToken,
      coach: (await stack.login('coach@demo.test')).accessToken,
      supervisor: (await stack.login('supervisor@demo.test')).accessToken,
      stranger: (await stack.login('stranger@elsewhere.test')).accessToken,
    };
    patients = (await stack.request('GET', '/api/patients', { token: tokens.supervisor })).body.items;
  });
  afterAll(() => stack?.close());

  const patient = (name: string) => patients.find((p) => p.name === name)!;
  const upload = async (token: string | null, bytes: Buffer, contentType: string, filename = 'file') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), filename);
    const response = await fetch(`${stack.url}/api/attachments`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
    return { status: response.status, body: (await response.json()) as any };
  };
  const send = (token: string, patientId: string, body: Record<string, unknown>) =>
    stack.request('POST', `/api/patients/${patientId}/messages`, { token, body: { clientMessageId: randomUUID(), ...body } });
  const raw = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, init);
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it('stores a PNG larger than the 256 KB JSON limit and answers 201 {id, contentType, size}', async () => {
    const png = Buffer.concat([solidPng(4, 4, [200, 30, 30]), Buffer.alloc(MB)]);
    const response = await upload(tokens.nurse, png, 'image/png', 'scan.png');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), contentType: 'image/png', size: png.length });
    const back = await raw(`${stack.url}/api/attachments/${response.body.id}`, { headers: { authorization: `Bearer ${tokens.nurse}` } });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(back.bytes.equals(png)).toBe(true);
  });

  it("refuses what Twilio would not take: 413 over 5 MB (PDF over 500 KB), 415 other types or contents that are not what they claim", async () => {
    const tooBig = await upload(tokens.nurse, Buffer.concat([solidPng(1, 1, [0, 0, 0]), Buffer.alloc(5 * MB)]), 'image/png');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toMatch(/at most 5 MB/);

    const bigPdf = await upload(tokens.nurse, tinyPdf(500 * 1024 + 1), 'application/pdf');
    expect(bigPdf.status).toBe(413);
    expect(bigPdf.body.message).toMatch(/PDF can be at most 500 KB/);
    expect((await upload(tokens.nurse, tinyPdf(500 * 1024), 'application/pdf')).status).toBe(201);

    const html = await upload(tokens.nurse, Buffer.from('<script>alert(1)</script>'), 'text/html');
    expect(html.status).toBe(415);
    expect(html.body.message).toMatch(/Only JPEG, PNG or GIF images and PDF files/);
    const disguised = await upload(tokens.nurse, Buffer.from('<html><script>alert(1)</script></html>'), 'image/png');
    expect(disguised.status).toBe(415);
    expect(disguised.body.message).toMatch(/not a PNG image/);

    const noFile = await stack.request('POST', '/api/attachments', { token: tokens.nurse, body: {} });
    expect(noFile.status).toBe(422);
    expect((await upload(null, solidPng(1, 1, [0, 0, 0]), 'image/png')).status).toBe(401);
  }, 30_000);

  it("another organisation's or another user's attachment cannot be sent or read (404), and nothing is used up", async () => {
    const mine = (await upload(tokens.nurse, solidPng(2, 2, [0, 128, 0]), 'image/png')).body.id as string;
    const theirs = (await upload(tokens.stranger, solidPng(2, 2, [0, 0, 128]), 'image/png')).body.id as string;

    // A colleague in another team (the coach, Diabetes) sending to their own patient with the nurse's file.
    const colleague = await send(tokens.coach, patient('Aisha Rahman').id, { body: 'Here you go', attachmentIds: [mine] });
    expect(colleague.status).toBe(404);
    expect(colleague.body.message).toBe('Attachment not found');
    // The nurse with another organisation's file, or an unknown id.
    expect((await send(tokens.nurse, patient('James Okafor').id, { body: 'x', attachmentIds: [theirs] })).status).toBe(404);
    expect((await send(tokens.nurse, patient('James Okafor').id, { body: 'x', attachmentIds: [randomUUID()] })).status).toBe(404);
    // Reading it.
    for (const token of [tokens.coach, tokens.stranger, tokens.supervisor]) {
      expect((await raw(`${stack.url}/api/attachments/${mine}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    }
    expect((await raw(`${stack.url}/api/attachments/${mine}`)).status).toBe(401);
    // The refused sends stored nothing: the nurse can still send it.
    const ok = await send(tokens.nurse, patient('Linh Tran').id, { body: '', attachmentIds: [mine] });
    expect(ok.status).toBe(202);
  });

  it('sends as MMS: the message shows our paths, Twilio gets signed URLs that serve the exact bytes without auth', async () => {
    const sim = simulatorControl(stack.simulator!.url);
    const james = patient('James Okafor');
    const png = solidPng(3, 2, [10, 20, 30]);
    const pdf = tinyPdf();
    const image = (await upload(tokens.nurse, png, 'image/png')).body.id as string;
    const document = (await upload(tokens.nurse, pdf, 'application/pdf')).body.id as string;

    const accepted = await send(tokens.nurse, james.id, { body: '', attachmentIds: [image, document] });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ channel: 'mms', body: '', status: 'queued', media: [`/api/attachments/${image}`, `/api/attachments/${document}`] });

    const stored = await waitFor(async () => {
      const items = (await stack.request('GET', `/api/patients/${james.id}/messages`, { token: tokens.nurse })).body.items as any[];
      return items.find((m) => m.id === accepted.body.id && m.status === 'delivered');
    }, { what: 'the MMS delivered' });
    expect(stored).toMatchObject({ channel: 'mms', media: [`/api/attachments/${image}`, `/api/attachments/${document}`] });
    expect(stored.twilioSid).toMatch(/^MM/);

    const atTwilio = (await sim.sentTo(james.phones[0]!.number)).find((m) => m.sid === stored.twilioSid)!;
    expect(atTwilio.mediaUrls).toHaveLength(2);
    const [imageUrl, documentUrl] = atTwilio.mediaUrls as [string, string];
    const signed = /^(.+)\/media\/([0-9a-f-]{36})\?expires=(\d+)&sig=([0-9a-f]{64})$/;
    expect(imageUrl).toMatch(signed);
    expect(signed.exec(imageUrl)![1]).toBe(stack.config.http.publicBaseUrl);
    expect(signed.exec(imageUrl)![2]).toBe(image);
    const expires = Number(signed.exec(imageUrl)![3]);
    expect(expires * 1000).toBeGreaterThan(Date.now() + 11 * 3600_000);
    expect(expires * 1000).toBeLessThan(Date.now() + 13 * 3600_000);

    // Twilio fetches (GET and HEAD) with no credentials and checks the Content-Type.
    const fetchedImage = await raw(imageUrl);
    expect(fetchedImage.status).toBe(200);
    expect(fetchedImage.headers.get('content-type')).toBe('image/png');
    expect(fetchedImage.headers.get('content-disposition')).toBe(`inline; filename="attachment-${image.slice(0, 8)}.png"`);
    expect(fetchedImage.bytes.equals(png)).toBe(true);
    const fetchedPdf = await raw(documentUrl);
    expect(fetchedPdf.headers.get('content-type')).toBe('application/pdf');
    expect(fetchedPdf.headers.get('content-disposition')).toMatch(/^inline; filename="attachment-[0-9a-f]{8}\.pdf"$/);
    expect(fetchedPdf.bytes.equals(pdf)).toBe(true);
    const head = await raw(imageUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/png');

    // The app loads it with the token: the sender, a supervisor; not another team.
    for (const token of [tokens.nurse, tokens.supervisor]) {
      const viaApp = await raw(`${stack.url}/api/attachments/${image}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
      expect(viaApp.status).toBe(200);
      expect(viaApp.bytes.equals(png)).toBe(true);
    }
    expect((await raw(`${stack.url}/api/attachments/${image}`, { headers: { authorization: `Bearer ${tokens.coach}` } })).status).toBe(404);
    // An attachment goes once.
    const again = await send(tokens.nurse, james.id, { body: 'again', attachmentIds: [image] });
    expect(again.status).toBe(409);
  }, 30_000);

  it('a tampered, expired or missing signature is 403 (never the file, never the app page)', async () => {
    const id = (await upload(tokens.nurse, solidPng(1, 1, [1, 2, 3]), 'image/png')).body.id as string;
    expect((await send(tokens.nurse, patient('Robert Kowalski').id, { body: 'see attached', attachmentIds: [id] })).status).toBe(202);
    const signer = new MediaUrlSigner(stack.config.jwtSecret!, stack.config.http.publicBaseUrl);
    const good = signer.url(id, 60);
    expect((await raw(good)).status).toBe(200);

    const url = new URL(good);
    const sig = url.searchParams.get('sig')!;
    const expires = url.searchParams.get('expires')!;
    const tampered = `${url.origin}${url.pathname}?expires=${expires}&sig=${(sig[0] === '0' ? '1' : '0') + sig.slice(1)}`;
    const later = `${url.origin}${url.pathname}?expires=${Number(expires) + 3600}&sig=${sig}`;
    const expired = signer.url(id, -1);
    const otherId = `${url.origin}/media/${randomUUID()}?expires=${expires}&sig=${sig}`;
    for (const bad of [tampered, later, otherId, `${url.origin}${url.pathname}`, `${url.origin}/media/not-an-id?expires=${expires}&sig=${sig}`]) {
      const response = await raw(bad, { headers: { accept: 'text/html' } });
      expect({ bad, status: response.status }).toEqual({ bad, status: 403 });
      expect(JSON.parse(response.bytes.toString()).message).toBe('This media link is not valid');
    }
    const old = await raw(expired);
    expect(old.status).toBe(403);
    expect(JSON.parse(old.bytes.toString()).message).toBe('This media link has expired');
    // A valid signature for an attachment that was never sent serves nothing.
    const unsent = (await upload(tokens.nurse, solidPng(1, 1, [9, 9, 9]), 'image/png')).body.id as string;
    expect((await raw(signer.url(unsent, 60))).status).toBe(404);
  });

  it('validates the request: an empty text needs an attachment, at most 10 attachment ids, UUIDs only', async () => {
    const james = patient('James Okafor').id;
    const empty = await send(tokens.nurse, james, { body: '' });
    expect(empty.status).toBe(422);
    expect(empty.body.message).toMatch(/body must not be empty/);
    const eleven = await send(tokens.nurse, james, { body: 'x', attachmentIds: Array.from({ length: 11 }, () => randomUUID()) });
    expect(eleven.status).toBe(422);
    expect(eleven.body.message).toMatch(/at most 10/);
    expect((await send(tokens.nurse, james, { body: 'x', attachmentIds: ['nope'] })).status).toBe(422);
    expect((await send(tokens.nurse, james, { body: 'x', attachmentIds: 'nope' })).status).toBe(422);
  });
});
