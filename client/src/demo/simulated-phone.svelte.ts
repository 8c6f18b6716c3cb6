import type { DemoMessageDto, DemoStatusDto } from '@care/shared';
import { ApiError, errorMessage, type CareApi } from '../lib/api';
import type { RealtimeClient } from '../lib/realtime';

/** How often the simulated phone looks for the product's replies (they come from Twilio's side). */
export const DEMO_POLL_MS = 1500;

/** The "Simulated phones" panel: which number and line, what the phone sent and received. */
export class SimulatedPhone {
  #status = $state.raw<DemoStatusDto | null>(null);
  #unavailable = $state(false);
  #number = $state<string | null>(null);
  #messages = $state.raw<DemoMessageDto[]>([]);
  #error = $state<string | null>(null);
  readonly #api: CareApi;
  #timer: ReturnType<typeof setInterval> | null = null;
  #polling = false;

  constructor(api: CareApi) {
    this.#api = api;
  }

  get status(): DemoStatusDto | null {
    return this.#status;
  }
  /** The server does not run the simulator (real Twilio): the panel does not exist. */
  get unavailable(): boolean {
    return this.#unavailable;
  }
  get number(): string | null {
    return this.#number;
  }
  get messages(): DemoMessageDto[] {
    return this.#messages;
  }
  get error(): string | null {
    return this.#error;
  }

  /** Loads the status and keeps the conversation fresh; returns a stop function. */
  start(realtime: RealtimeClient): () => void {
    void this.#loadStatus();
    this.#timer = setInterval(() => void this.refresh(), DEMO_POLL_MS);
    // The product's own events hint that something changed: look at once rather than at the next tick.
    const stops = [realtime.on('message:new', () => void this.refresh()), realtime.on('message:status', () => void this.refresh())];
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
      stops.forEach((stop) => stop());
    };
  }

  /** Switches the phone (another number): its conversation loads at once. */
  use(number: string | null): void {
    if (number === this.#number) return;
    this.#number = number;
    this.#messages = [];
    void this.refresh();
  }

  async send(from: string, to: string, body: string): Promise<void> {
    await this.#api.demoSend({ from, to, body });
    this.use(from);
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const number = this.#number;
    if (!number || this.#polling) return;
    this.#polling = true;
    try {
      const messages = await this.#api.demoMessages(number);
      if (number !== this.#number) return;
      if (messages.length !== this.#messages.length || messages.some((message, index) => message.sid !== this.#messages[index]?.sid || message.status !== this.#messages[index]?.status)) {
        this.#messages = messages;
      }
      this.#error = null;
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#polling = false;
    }
  }

  async #loadStatus(): Promise<void> {
    try {
      this.#status = await this.#api.demoStatus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.#unavailable = true;
      else this.#error = errorMessage(error);
    }
  }
}
