/** The simulator's /sim control API over HTTP, as a tester (or a curious newcomer with curl) uses it. */
export interface SimMessage {
  sid: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-reply';
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  status: string;
  errorCode: number | null;
}

export function simulatorControl(simulatorUrl: string) {
  const json = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(simulatorUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    /** A patient texts a line; answers the simulator's `{sid, webhookStatus}` (or 502 when the app is unreachable). */
    inbound: (input: { from: string; to: string; body: string; mediaUrls?: string[] }) => json('POST', '/sim/inbound', input),
    async messages(filter: { to?: string; from?: string; direction?: string } = {}): Promise<SimMessage[]> {
      const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined) as [string, string][]);
      return (await json('GET', `/sim/messages?${query}`)).body.messages;
    },
    /** What the app sent to `to` through the REST API. */
    sentTo: async function (this: unknown, to: string): Promise<SimMessage[]> {
      return (await json('GET', `/sim/messages?${new URLSearchParams({ to, direction: 'outbound-api' })}`)).body.messages;
    },
    setFaults: (patch: unknown) => json('POST', '/sim/faults', patch),
    faults: async () => (await json('GET', '/sim/faults')).body,
    clearFaults: () => json('DELETE', '/sim/faults'),
  };
}
