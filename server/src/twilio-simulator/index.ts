/** The built-in Twilio simulator (contract §5): a standalone HTTP server, no Nest needed. */
export { SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN } from './credentials';
export { createTwilioSimulator, DEFAULT_SIMULATOR_PORT } from './simulator';
export { computeTwilioSignature } from './signature';
export { InboundValidationError, InboundWebhookError } from './inbound';
export type { ApiFaultKind, FaultPatch, FaultSettings } from './faults';
export type { TwilioMessageJson } from './message-resource';
export type { TwilioMessageListJson } from './message-list';
export type { TwilioErrorBody } from './twilio-errors';
export type {
  DirectionFilter,
  InboundSmsInput,
  InboundSmsResult,
  MessageFilter,
  MessagingServiceConfig,
  SimulatedMessage,
  SimulatorLogger,
  TwilioDirection,
  TwilioSimulator,
  TwilioSimulatorOptions,
} from './simulator-types';
