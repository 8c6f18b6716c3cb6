import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import {
  createTwilioSimulator,
  InboundWebhookError,
  SIMULATOR_ACCOUNT_SID,
  SIMULATOR_AUTH_TOKEN,
  type TwilioSimulator,
} from './index';

/**
 * Checks the simulator's JSON against Twilio's own OpenAPI description of the 2010 API
 * (twilio-oai, as shipped in @twilio-alpha/mcp), schema `api.v2010.account.message` and the
 * list response of `GET /2010-04-01/Accounts/{AccountSid}/Messages.json`.
 */
const SPEC_PATH = require.resolve('@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json');
const MESSAGES_PATH = '/2010-04-01/Accounts/{AccountSid}/Messages.json';

interface OpenApiSpec {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }>;
}

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiSpec;

const RFC_2822_GMT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

function buildAjv(): Ajv {
  // Strict, so that a typo'd keyword or an unknown format fails instead of being skipped. Only
  // strictTypes is relaxed: the spec puts `format: uri-map` on an object-typed property.
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  ajv.addKeyword('x-twilio'); // Twilio's PII annotations
  ajv.addKeyword('components'); // where the spec keeps its schemas; `$ref`s point into it
  ajv.addFormat('phone-number', /^(\+[1-9]\d{1,14}|[a-z]+:.+)$/);
  ajv.addFormat('date-time-rfc-2822', (value) => RFC_2822_GMT.test(value) && !Number.isNaN(Date.parse(value)));
  ajv.addFormat('currency', /^[A-Za-z]{3}$/);
  // The spec calls the page URIs `format: uri`, yet Twilio returns them relative to api.twilio.com.
  ajv.addFormat('uri', /^(\/|https?:\/\/)\S*$/);
  // Formats only apply to strings, so this object-typed format is checked by hand below.
  ajv.addFormat('uri-map', true);
  return ajv;
}

/** A root holding the spec's `components` next to the schema, so `#/components/schemas/...` resolves. */
function compileWithComponents(ajv: Ajv, id: string, schema: object): ValidateFunction {
  return ajv.compile({ $id: id, components: spec.components, ...schema });
}

const ajv = buildAjv();
const validateMessage = compileWithComponents(ajv, 'message', { $ref: '#/components/schemas/api.v2010.account.message' });
const listSchema = spec.paths[MESSAGES_PATH]?.get.responses['200']?.content['application/json']?.schema;
if (!listSchema) throw new Error('list response schema not found in the Twilio spec');
const validateList = compileWithComponents(ajv, 'message-list', listSchema);
const documentedFields = Object.keys(spec.components.schemas['api.v2010.account.message']?.properties ?? {}).sort();

function expectValid(validate: ValidateFunction, data: unknown): void {
  const valid = validate(data);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

function expectMessageShape(json: Record<string, unknown>): void {
  expectValid(validateMessage, json);
  // The spec marks nothing required and allows extra keys; Twilio sends every field, so do we.
  expect(Object.keys(json).sort()).toEqual(documentedFields);
  expect(Object.values(json.subresource_uris as Record<string, string>).every((uri) => uri.startsWith('/2010-04-01/'))).toBe(true);
}

const authHeader = { Authorization: `Basic ${Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${SIMULATOR_AUTH_TOKEN}`).toString('base64')}` };
const collectionUrl = (sim: TwilioSimulator): string => `${sim.url}/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`;

async function createRaw(sim: TwilioSimulator, form: Record<string, string | string[]>): Promise<Record<string, unknown>> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
  const response = await fetch(collectionUrl(sim), { method: 'POST', headers: authHeader, body });
  expect(response.status).toBe(201);
  return (await response.json()) as Record<string, unknown>;
}

async function getRaw(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: authHeader });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("JSON conforms to Twilio's OpenAPI spec", () => {
  const LINE = '+16175550100';
  const PATIENT = '+16175550111';
  const SERVICE_SID = 'MG11111111111111111111111111111111';
  let sim: TwilioSimulator;

  beforeAll(async () => {
    sim = createTwilioSimulator({
      port: 0,
      ownedNumbers: [LINE],
      messagingServices: [{ sid: SERVICE_SID, numbers: ['+16175550300'] }],
      timing: { stepMs: 5 },
    });
    await sim.start();
  });

  afterAll(() => sim.close());

  it('the validators really apply the schema: broken objects fail', async () => {
    const good = await createRaw(sim, { To: PATIENT, From: LINE, Body: 'hi' });
    expectValid(validateMessage, good);

    const broken: Array<[string, Record<string, unknown>]> = [
      ['num_segments as a number', { ...good, num_segments: 1 }],
      ['ISO date instead of RFC 2822', { ...good, date_created: new Date().toISOString() }],
      ['sid with the wrong prefix', { ...good, sid: `XX${'0'.repeat(32)}` }],
      ['unknown status', { ...good, status: 'lost' }],
      ['unknown direction', { ...good, direction: 'outbound' }],
      ['error_code as a string', { ...good, error_code: '30003' }],
      ['from not a phone number', { ...good, from: 'not a phone' }],
    ];
    const acceptedAnyway = broken.filter(([, object]) => validateMessage(object)).map(([name]) => name);
    expect(acceptedAnyway).toEqual([]);

    const list = await getRaw(collectionUrl(sim));
    expectValid(validateList, list);
    expect(validateList({ ...list, page: '0' })).toBe(false);
    expect(validateList({ ...list, messages: [{ ...good, num_media: 0 }] })).toBe(false);
  });

  it('create (queued), fetch (delivered) and a failed message match api.v2010.account.message', async () => {
    const created = await createRaw(sim, { To: PATIENT, From: LINE, Body: 'Your results are ready 👍', StatusCallback: 'http://127.0.0.1:1/s' });
    expectMessageShape(created);
    expect(created.status).toBe('queued');

    sim.setFaults({ deliveryFailures: { '+16175550122': 30005 } });
    const failing = await createRaw(sim, { To: '+16175550122', From: LINE, Body: 'x', MediaUrl: ['https://e.test/a.png'] });
    await sim.idle();

    const fetched = await getRaw(`${sim.url}${String(created.uri)}`);
    expectMessageShape(fetched);
    expect(fetched.status).toBe('delivered');
    expect(typeof fetched.date_sent).toBe('string');

    const failed = await getRaw(`${sim.url}${String(failing.uri)}`);
    expectMessageShape(failed);
    expect(failed).toMatchObject({ status: 'undelivered', error_code: 30005, num_media: '1' });
  });

  it('a Messaging Service send (from null, accepted) and an inbound message match too', async () => {
    const accepted = await createRaw(sim, { To: PATIENT, MessagingServiceSid: SERVICE_SID, Body: 'hi' });
    expectMessageShape(accepted);
    expect(accepted).toMatchObject({ status: 'accepted', from: null, num_segments: '0' });

    // No app is listening: the message is still received and stored, which is all this test needs.
    sim.setInboundWebhookUrl('http://127.0.0.1:1/inbound');
    await expect(sim.sendInbound({ from: PATIENT, to: LINE, body: 'hello' })).rejects.toBeInstanceOf(InboundWebhookError);
    const [inbound] = sim.messages({ direction: 'inbound' });
    const inboundJson = await getRaw(`${sim.url}/2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages/${inbound?.sid ?? ''}.json`);
    expectMessageShape(inboundJson);
    expect(inboundJson.direction).toBe('inbound');
  });

  it('list pages, with and without a next page, match the list response schema', async () => {
    for (let i = 0; i < 3; i += 1) await createRaw(sim, { To: PATIENT, From: LINE, Body: `m${i}` });
    const first = await getRaw(`${collectionUrl(sim)}?PageSize=2`);
    expectValid(validateList, first);
    expect(first.next_page_uri).not.toBeNull();

    const last = await getRaw(`${collectionUrl(sim)}?PageSize=1000`);
    expectValid(validateList, last);
    expect(last.next_page_uri).toBeNull();
    expect(last.previous_page_uri).toBeNull();
  });
});
