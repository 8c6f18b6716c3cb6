import { RealtimeClient, type ConnectionStatus, type RealtimeClientOptions } from './realtime-client';

/** The realtime client plus its status as Svelte state, for the header indicator. */
export class LiveConnection {
  #status = $state<ConnectionStatus>('idle');
  readonly client: RealtimeClient;

  constructor(options: Omit<RealtimeClientOptions, 'onStatus'>) {
    this.client = new RealtimeClient({ ...options, onStatus: (status) => (this.#status = status) });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }
}
