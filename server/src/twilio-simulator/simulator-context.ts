import type { FaultState } from './faults';
import type { MessageLifecycle } from './lifecycle';
import type { MessageStore } from './message-store';
import type { OptOutRegistry } from './opt-out';
import type { NumberDirectory } from './phone-numbers';
import type { SimulatorLogger } from './simulator-types';
import type { StatusCallbackDispatcher } from './status-callbacks';
import type { TaskTracker } from './task-tracker';
import type { WebhookClient } from './webhook-client';

/** The state and collaborators of one simulator instance, shared by its route handlers. */
export interface SimulatorContext {
  readonly accountSid: string;
  readonly authToken: string;
  readonly store: MessageStore;
  readonly numbers: NumberDirectory;
  readonly optOuts: OptOutRegistry;
  readonly faults: FaultState;
  readonly lifecycle: MessageLifecycle;
  readonly callbacks: StatusCallbackDispatcher;
  readonly tasks: TaskTracker;
  readonly webhooks: WebhookClient;
  readonly logger: SimulatorLogger;
  inboundWebhookUrl: string | null;
}
