import type { TestSocket } from './test-stack';
import { fakeMessageSid, inboundParams, postTwilioWebhook } from './twilio-webhook';
import { waitFor } from './wait';

/** Demo numbers (server/src/database/seed/demo-data.ts). */
export const DEMO = {
  cardiologyLine: '+16175550100',
  diabetesLine: '+16175550200',
  maria: '+16175550111',
  james: '+16175550112',
  linh: '+16175550113',
  robert: '+16175550114',
  aisha: '+16175550115',
  tom: '+16175550116',
  grace: '+16175550117',
} as const;

export interface Envelope<T = any> {
  eventId: number;
  type: string;
  at: string;
  data: T;
}

/** Every event a socket receives, in arrival order, with helpers to wait for or rule out one. */
export class EventLog {
  readonly events: { name: string; payload: Envelope }[] = [];

  constructor(socket: TestSocket) {
    socket.onAny((name: string, payload: Envelope) => this.events.push({ name, payload }));
  }

  of(name: string, predicate: (data: any, envelope: Envelope) => boolean = () => true): Envelope[] {
    return this.events.filter((event) => event.name === name && predicate(event.payload.data, event.payload)).map((event) => event.payload);
  }

  /** Resolves with the first matching event (already received or arriving within the timeout). */
  next(name: string, predicate: (data: any, envelope: Envelope) => boolean = () => true, timeoutMs = 5000): Promise<Envelope> {
    return waitFor(() => this.of(name, predicate)[0], { timeoutMs, what: `${name} event` });
  }

  /** Waits until `count` matching events arrived. */
  async count(name: string, count: number, predicate: (data: any, envelope: Envelope) => boolean = () => true, timeoutMs = 10_000): Promise<Envelope[]> {
    return waitFor(() => {
      const found = this.of(name, predicate);
      return found.length >= count ? found : undefined;
    }, { timeoutMs, what: `${count} ${name} events` });
  }

  /** Gives a wrongly routed event time to arrive, then checks none did. */
  async expectNone(name: string, predicate: (data: any, envelope: Envelope) => boolean = () => true, waitMs = 300): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    expect(this.of(name, predicate)).toEqual([]);
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** A patient texts a line: a signed inbound webhook, as Twilio posts it. Answers the MessageSid. */
export async function textLine(stack: { url: string; config: { http: { publicBaseUrl: string } } }, from: string, to: string, body: string): Promise<string> {
  const sid = fakeMessageSid();
  const response = await postTwilioWebhook(stack, '/webhooks/twilio/inbound', inboundParams({ from, to, body, sid }));
  if (response.status !== 200) throw new Error(`inbound webhook answered ${response.status}`);
  return sid;
}

/** An acknowledged call with a deadline: rejects if the server does not answer in time. */
export function ask(socket: TestSocket, event: string, payload: unknown, timeoutMs = 3000): Promise<any> {
  return (socket.timeout(timeoutMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> }).emitWithAck(event, payload);
}
